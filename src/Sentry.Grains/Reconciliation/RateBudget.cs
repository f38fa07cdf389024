namespace Sentry.Grains.Reconciliation;

/// <summary>
/// One organization's budget of reads, pure (the clock is passed in): a token bucket in its GCRA form. At most
/// <see cref="Burst"/> requests at once, then one every 1 / <see cref="PerSecond"/> seconds: over any window of
/// W seconds at most <c>Burst - 1 + ceil(W x PerSecond)</c> requests are granted, so with a burst of 1 a sweep is spread
/// evenly instead of bursting. A grant is for now only (nothing is reserved ahead), so a block recorded after a 429 stops
/// every later grant: no request is granted before Sentry's <c>Retry-After</c> (or <c>X-Sentry-Rate-Limit-Reset</c>) has passed.
/// A refusal tells each waiter a time of its own, one interval after the previous waiter's, so waiters come back in turn
/// (roughly first come, first served) instead of all at once.
/// </summary>
public sealed class RateBudget(double perSecond, int burst)
{
    private readonly TimeSpan interval = TimeSpan.FromTicks((long)Math.Ceiling(TimeSpan.TicksPerSecond / perSecond));
    private DateTimeOffset? theoreticalArrival;
    private DateTimeOffset? lastHint;

    public double PerSecond { get; } = perSecond;

    public int Burst { get; } = Math.Max(1, burst);

    /// <summary>No request is granted before this (Sentry said so); <see cref="DateTimeOffset.MinValue"/> when not blocked.</summary>
    public DateTimeOffset BlockedUntil { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>A request now, if the budget allows it (then it is counted); otherwise the earliest time to ask again.</summary>
    public BudgetAnswer TryAcquire(DateTimeOffset now)
    {
        var earliest = theoreticalArrival is { } arrival ? Max(BlockedUntil, arrival - (interval * (Burst - 1))) : BlockedUntil;
        if (earliest > now)
        {
            var hint = lastHint is { } previous && previous >= earliest ? previous + interval : earliest;
            lastHint = hint;
            return new BudgetAnswer(false, hint);
        }

        theoreticalArrival = Max(theoreticalArrival ?? now, now) + interval;
        return new BudgetAnswer(true, now);
    }

    /// <summary>Sentry answered 429: nothing before <paramref name="retryAfter"/> from now (or <paramref name="fallback"/> when it said nothing).</summary>
    public void TooManyRequests(DateTimeOffset now, TimeSpan? retryAfter, TimeSpan fallback) =>
        BlockUntil(now + (retryAfter is { } wait && wait > TimeSpan.Zero ? wait : fallback));

    /// <summary>Sentry's headers said the window's requests are used up (<c>Remaining: 0</c>): nothing before its reset.</summary>
    public void Exhausted(DateTimeOffset resetAt) => BlockUntil(resetAt);

    private void BlockUntil(DateTimeOffset until) => BlockedUntil = Max(BlockedUntil, until);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

/// <summary>Whether a request may be sent now; if not, when to ask again.</summary>
[GenerateSerializer, Immutable, Alias("sentry.v2.BudgetAnswer")]
public readonly record struct BudgetAnswer([property: Id(0)] bool Granted, [property: Id(1)] DateTimeOffset At);
