using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sentry.Grains.Reconciliation;

/// <summary>
/// Reconciles, one at a time, the issues <see cref="ReconcileRequests"/> holds as they come due. A reconciliation that
/// may do better later (deferred by the budget, a transient failure, a race) is asked for again: at the budget's time, or
/// after a doubling backoff, at most <see cref="MaxAttempts"/> times.
/// </summary>
internal sealed partial class AfterTroubleReconciliation(
    ReconcileRequests requests,
    IssueReconciler reconciler,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<AfterTroubleReconciliation> logger) : BackgroundService
{
    public const int MaxAttempts = 5;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await lifetime.WaitUntilStartedAsync(stoppingToken))
        {
            return;
        }

        while (await requests.NextAsync(stoppingToken) is (string issueId, var reason, var attempt))
        {
            ReconcileReport report;
            try
            {
                report = await reconciler.ReconcileAsync(issueId, reason, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // The grains could not be reached (a silo died, the database is down): like a transient failure.
                LogFailed(logger, error, issueId);
                report = new ReconcileReport(issueId, reason, ReconcileOutcome.Failed, []);
            }

            if (report.Retryable && attempt < MaxAttempts)
            {
                var backoff = TimeSpan.FromTicks(FirstRetry.Ticks << (attempt - 1));
                var at = report.RetryAt is { } retryAt && retryAt > time.GetUtcNow() ? retryAt : time.GetUtcNow() + backoff;
                requests.Retry(issueId, reason, at, attempt + 1);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciling issue {IssueId} after trouble failed; it is retried")]
    private static partial void LogFailed(ILogger logger, Exception exception, string issueId);
}
