using Microsoft.Extensions.Options;

namespace Sentry.Grains.Reconciliation;

/// <summary>One organization's budget of reads of Sentry's API, for every silo (one activation per organization slug).</summary>
[Alias("sentry.IOrganizationBudgetGrain")]
public interface IOrganizationBudgetGrain : IGrainWithStringKey
{
    /// <summary>May one request be sent now? Counted when granted; otherwise when to ask again.</summary>
    [Alias("TryAcquire")]
    Task<BudgetAnswer> TryAcquireAsync();

    /// <summary>Sentry answered 429 (<paramref name="retryAfter"/>: its <c>Retry-After</c>, else <c>X-Sentry-Rate-Limit-Reset</c>, if any).</summary>
    /// <returns>The time before which no request is granted.</returns>
    [Alias("TooManyRequests")]
    Task<DateTimeOffset> TooManyRequestsAsync(TimeSpan? retryAfter);

    /// <summary>Sentry's headers said <c>X-Sentry-Rate-Limit-Remaining: 0</c> until <paramref name="resetAt"/>.</summary>
    [Alias("Exhausted")]
    Task ExhaustedAsync(DateTimeOffset resetAt);
}

/// <summary>
/// The budget lives in memory (<see cref="RateBudget"/>, from <c>Reconcile:RequestsPerSecond</c> and <c>Reconcile:Burst</c>):
/// after a restart it starts full, which its pace still bounds. While blocked by Sentry the activation is kept, so the block holds.
/// </summary>
public sealed class OrganizationBudgetGrain(IOptions<ReconcileOptions> options, TimeProvider time) : Grain, IOrganizationBudgetGrain
{
    private readonly RateBudget budget = new(options.Value.RequestsPerSecond, options.Value.Burst);

    public Task<BudgetAnswer> TryAcquireAsync() => Task.FromResult(budget.TryAcquire(time.GetUtcNow()));

    public Task<DateTimeOffset> TooManyRequestsAsync(TimeSpan? retryAfter)
    {
        budget.TooManyRequests(time.GetUtcNow(), retryAfter, options.Value.DefaultRetryAfter);
        KeepWhileBlocked();
        return Task.FromResult(budget.BlockedUntil);
    }

    public Task ExhaustedAsync(DateTimeOffset resetAt)
    {
        budget.Exhausted(resetAt);
        KeepWhileBlocked();
        return Task.CompletedTask;
    }

    private void KeepWhileBlocked()
    {
        var left = budget.BlockedUntil - time.GetUtcNow();
        if (left > TimeSpan.Zero)
        {
            DelayDeactivation(left);
        }
    }
}
