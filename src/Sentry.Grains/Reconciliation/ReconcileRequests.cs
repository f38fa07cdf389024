using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sentry.Grains.Reconciliation;

/// <summary>
/// The issues this silo was asked to reconcile after trouble (a 503, a webhook while not ready, an untrusted timestamp, a
/// replayed body), each due <c>Reconcile:AfterTroubleDelay</c> after it was first asked for: further troubles of the same
/// issue meanwhile join it. In memory, per silo, bounded by <c>Reconcile:AfterTroubleQueueLimit</c> (beyond it a request is
/// dropped, logged and counted): what a silo that dies had queued is lost, and the sweep is the safety net for it.
/// </summary>
public sealed partial class ReconcileRequests(IOptions<ReconcileOptions> options, TimeProvider time, ReconcileMetrics metrics, ILogger<ReconcileRequests> logger)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Pending> pending = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> due = new();
    private TaskCompletionSource added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Asks for issue <paramref name="issueId"/> to be reconciled because of <paramref name="reason"/>. False when dropped.</summary>
    public bool Request(string issueId, ReconcileReason reason) => Enqueue(issueId, reason, time.GetUtcNow() + options.Value.AfterTroubleDelay, attempt: 1);

    /// <summary>Issues queued now.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return pending.Count;
            }
        }
    }

    /// <summary>Asks again for an issue whose reconciliation could not be done, at <paramref name="at"/>.</summary>
    internal bool Retry(string issueId, ReconcileReason reason, DateTimeOffset at, int attempt) => Enqueue(issueId, reason, at, attempt);

    /// <summary>The next due issue, waiting for it; null when stopping.</summary>
    internal async Task<(string IssueId, ReconcileReason Reason, int Attempt)?> NextAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Task wake;
            TimeSpan wait;
            lock (gate)
            {
                var now = time.GetUtcNow();
                if (due.TryPeek(out var issueId, out var at) && at <= now)
                {
                    due.Dequeue();
                    var request = pending[issueId];
                    pending.Remove(issueId);
                    return (issueId, request.Reason, request.Attempt);
                }

                wait = due.Count > 0 ? at - now : Timeout.InfiniteTimeSpan;
                wake = added.Task;
            }

            try
            {
                await (wait == Timeout.InfiniteTimeSpan ? wake.WaitAsync(cancellationToken) : wake.WaitAsync(wait, time, cancellationToken));
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }

    private bool Enqueue(string issueId, ReconcileReason reason, DateTimeOffset at, int attempt)
    {
        TaskCompletionSource woken;
        lock (gate)
        {
            if (pending.ContainsKey(issueId))
            {
                metrics.AfterTrouble(reason, "merged");
                return true;
            }

            if (pending.Count >= options.Value.AfterTroubleQueueLimit)
            {
                metrics.AfterTrouble(reason, "dropped");
                LogDropped(logger, issueId, reason.Name(), options.Value.AfterTroubleQueueLimit);
                return false;
            }

            pending[issueId] = new Pending(reason, attempt);
            due.Enqueue(issueId, at);
            woken = added;
            added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        if (attempt == 1)
        {
            metrics.AfterTrouble(reason, "queued");
            LogQueued(logger, issueId, reason.Name());
        }

        woken.TrySetResult();
        return true;
    }

    private sealed record Pending(ReconcileReason Reason, int Attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Issue {IssueId} will be reconciled with Sentry after trouble: {Reason}")]
    private static partial void LogQueued(ILogger logger, string issueId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Issue {IssueId} ({Reason}) is not queued for reconciliation: Reconcile:AfterTroubleQueueLimit ({Limit}) issues are waiting; the sweep will see it if it was updated")]
    private static partial void LogDropped(ILogger logger, string issueId, string reason, int limit);
}
