using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sentry.Grains.ReadModel;

namespace Sentry.Grains.Reconciliation;

/// <summary>
/// The sweep: every <c>Reconcile:SweepInterval</c> (its durable reminder; one grain, so once per cluster) it lists from the
/// read model the issues changed within <c>Reconcile:SweepWindow</c> and reconciles each with Sentry, at most
/// <c>Reconcile:SweepConcurrency</c> at a time, each within its organization's budget (which spreads the requests). An
/// issue deferred by the budget is tried once more at the end of the sweep when its organization allows it soon enough;
/// otherwise the next sweep has it. Issues deleted in Sentry are not asked about again. The sweep runs from a grain timer
/// (a reminder tick only starts it), so status reads are answered meanwhile.
/// </summary>
public sealed partial class ReconcileSweepGrain(
    [PersistentState(ReconcileSweepGrain.StateName)] IPersistentState<ReconcileSweepState> state,
    IReadModelStore store,
    IssueReconciler reconciler,
    IOptions<ReconcileOptions> options,
    TimeProvider time,
    ILogger<ReconcileSweepGrain> logger) : Grain, IReconcileSweepGrain, IRemindable
{
    public const string Key = "cluster";
    public const string StateName = "reconcileSweep";
    public const string ReminderName = "reconcile-sweep";

    /// <summary>Issues listed from the read model per page.</summary>
    public const int PageSize = 100;

    private IGrainTimer? sweep;
    private bool running;

    private ReconcileOptions Options => options.Value;

    public async Task EnsureScheduledAsync()
    {
        var reminder = await this.GetReminder(ReminderName);
        if (Options.SweepEnabled && (reminder is null || state.State.ReminderPeriod != Options.SweepInterval))
        {
            await this.RegisterOrUpdateReminder(ReminderName, Options.SweepInterval, Options.SweepInterval);
            state.State.ReminderPeriod = Options.SweepInterval;
            await state.WriteStateAsync();
            LogScheduled(logger, Options.SweepInterval, Options.SweepWindow);
        }
        else if (!Options.SweepEnabled && (reminder is not null || state.State.ReminderPeriod is not null))
        {
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }

            state.State.ReminderPeriod = null;
            await state.WriteStateAsync();
        }
    }

    public Task<ReconcileSweepStatus> StartAsync()
    {
        Start("on_demand");
        return GetStatusAsync();
    }

    public Task<ReconcileSweepStatus> GetStatusAsync() => Task.FromResult(new ReconcileSweepStatus(
        Options.SweepEnabled,
        Options.SweepInterval,
        Options.SweepWindow,
        running,
        [.. state.State.Recent.AsEnumerable().Reverse().Select(r => r.ToSummary())]));

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ReminderName && Options.SweepEnabled)
        {
            Start("reminder");
        }

        return Task.CompletedTask;
    }

    private void Start(string trigger)
    {
        if (running)
        {
            LogStillRunning(logger, trigger);
            return;
        }

        running = true;
        sweep?.Dispose();
        sweep = this.RegisterGrainTimer(
            async cancellationToken =>
            {
                try
                {
                    await SweepAsync(trigger, cancellationToken);
                }
                catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogSweepFailed(logger, error, state.State.Number);
                }
                finally
                {
                    running = false;
                }
            },
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
    }

    private async Task SweepAsync(string trigger, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var record = new SweepRecord { Number = state.State.Number + 1, Trigger = trigger, StartedAt = startedAt };
        state.State.Number = record.Number;
        state.State.Recent.Add(record);
        if (state.State.Recent.Count > ReconcileSweepState.RecentKept)
        {
            state.State.Recent.RemoveRange(0, state.State.Recent.Count - ReconcileSweepState.RecentKept);
        }

        await state.WriteStateAsync();
        LogStarted(logger, record.Number, trigger, startedAt - Options.SweepWindow);

        var deferred = new List<(string IssueId, DateTimeOffset RetryAt)>();
        var query = new IssueQuery { UpdatedSince = startedAt - Options.SweepWindow, Limit = PageSize, Sort = IssueSort.UpdatedAt };
        do
        {
            var page = await store.ListIssuesAsync(query, cancellationToken);
            record.Listed += page.Rows.Count;
            await ReconcileAllAsync([.. page.Rows.Where(row => row.DeletedInSentryAt is null).Select(row => row.Key)], record, deferred, cancellationToken);
            query = query with { After = page.Next };
        }
        while (query.After is not null && !cancellationToken.IsCancellationRequested);

        // Deferred by an organization's budget: once more, if it allows a request within half an interval; else the next sweep.
        if (deferred.Count > 0 && deferred.Min(d => d.RetryAt) is var soonest && soonest - time.GetUtcNow() < Options.SweepInterval / 2)
        {
            var wait = soonest - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            var again = deferred.Select(d => d.IssueId).ToList();
            deferred.Clear();
            record.Outcomes[ReconcileMetrics.OutcomeName(ReconcileOutcome.Deferred)] -= again.Count;

            await ReconcileAllAsync(again, record, deferred, cancellationToken);
        }

        record.CompletedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        LogCompleted(logger, record.Number, record.Listed, record.CompletedAt.Value - startedAt, string.Join(", ", record.Outcomes.Where(o => o.Value > 0).Select(o => $"{o.Key} {o.Value}")));
    }

    /// <summary>Reconciles <paramref name="issueIds"/>, <c>Reconcile:SweepConcurrency</c> at a time (on this grain's scheduler: no locks needed).</summary>
    private async Task ReconcileAllAsync(IReadOnlyList<string> issueIds, SweepRecord record, List<(string, DateTimeOffset)> deferred, CancellationToken cancellationToken)
    {
        var queue = new Queue<string>(issueIds);
        async Task WorkAsync()
        {
            while (!cancellationToken.IsCancellationRequested && queue.TryDequeue(out var issueId))
            {
                ReconcileReport report;
                try
                {
                    report = await reconciler.ReconcileAsync(issueId, ReconcileReason.Sweep, cancellationToken);
                }
                catch (Exception error) when (!cancellationToken.IsCancellationRequested)
                {
                    LogIssueFailed(logger, error, issueId);
                    report = new ReconcileReport(issueId, ReconcileReason.Sweep, ReconcileOutcome.Failed, []);
                }

                var outcome = ReconcileMetrics.OutcomeName(report.Outcome);
                record.Outcomes[outcome] = record.Outcomes.GetValueOrDefault(outcome) + 1;
                foreach (var change in report.Changes)
                {
                    record.Drift[change.Field] = record.Drift.GetValueOrDefault(change.Field) + 1;
                }

                if (report is { Outcome: ReconcileOutcome.Deferred, RetryAt: { } retryAt })
                {
                    deferred.Add((issueId, retryAt));
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(Options.SweepConcurrency, Math.Max(1, issueIds.Count))).Select(_ => WorkAsync()));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation sweep scheduled every {Interval} over issues changed within {Window}")]
    private static partial void LogScheduled(ILogger logger, TimeSpan interval, TimeSpan window);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation sweep {Number} ({Trigger}) started: issues changed since {Since:O}")]
    private static partial void LogStarted(ILogger logger, long number, string trigger, DateTimeOffset since);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation sweep {Number} completed: {Listed} issues in {Duration}; {Outcomes}")]
    private static partial void LogCompleted(ILogger logger, long number, int listed, TimeSpan duration, string outcomes);

    [LoggerMessage(Level = LogLevel.Information, Message = "A reconciliation sweep is still running; this {Trigger} start is skipped")]
    private static partial void LogStillRunning(ILogger logger, string trigger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation sweep {Number} failed; the next one starts at its interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception, long number);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sweep could not reconcile issue {IssueId}")]
    private static partial void LogIssueFailed(ILogger logger, Exception exception, string issueId);
}
