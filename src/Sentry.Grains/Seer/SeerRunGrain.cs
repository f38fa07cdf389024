using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sentry.Grains.Issues;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Storage;
using Sentry.Grains.Telemetry;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Seer;

/// <summary>
/// One Seer autofix run: load, decide through <see cref="SeerRunMachine"/>, write once, then tell the issue
/// (<c>group_id</c>) its stage, and answer. The issue is told again on a duplicate, so a failure between the two writes
/// heals when Sentry retries. Stalled is computed on read from the stored time of the last event, so it holds across
/// deactivations and restarts; while the run sits in a <c>_started</c> stage a durable reminder also records the stall
/// when it happens (<c>seer.stalled</c> on the change feed), and the next event records the resumption.
/// </summary>
public sealed partial class SeerRunGrain : Grain, ISeerRunGrain, IRemindable
{
    public const string StateName = "seerRun";

    /// <summary>The reminder that records a stall; it exists only while the run can stall.</summary>
    public const string StallReminder = "seer-stall";

    private readonly StoredState<SeerRunHead> stored;
    private readonly SeerRunModel model;
    private readonly IOptions<SeerOptions> seer;
    private readonly TimeProvider time;
    private readonly SentryGrainsMetrics metrics;
    private readonly ILogger<SeerRunGrain> logger;
    private readonly GrainReferences grains;
    private bool? stallReminderExists;

    public SeerRunGrain(
        [PersistentState(StateName)] IPersistentState<SeerRunHead> state,
        StoredStates states,
        IOptions<SeerOptions> seer,
        TimeProvider time,
        SentryGrainsMetrics metrics,
        GrainReferences grains,
        ILogger<SeerRunGrain> logger)
    {
        this.grains = grains;
        this.seer = seer;
        this.time = time;
        this.metrics = metrics;
        this.logger = logger;
        stored = states.For(state, this, StateName);
        model = new SeerRunModel(
            this.GetPrimaryKeyString(),
            () => stored.Head,
            stored.Deliveries(h => h.Deliveries),
            stored.Log("history", SeerRunModel.HistoryLimits, h => h.History),
            states.Retention);
        stored.PublishesFrom(h => h.Outbox, h => h.Version, () => Task.FromResult<ReadModelRow>(SeerReadModel.Row(model.Key, stored.Head)));
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken) => stored.ResumePublishingAsync();

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != StallReminder)
        {
            return;
        }

        await model.LoadAsync();
        if (SeerRunMachine.MarkStalled(model, time.GetUtcNow(), seer.Value.StallAfter))
        {
            await stored.CommitAsync();
            LogStalled(logger, this.GetPrimaryKeyString(), stored.Head.StalledSince);
        }

        await KeepStallReminderAsync(mayRemove: true);
    }

    public async Task<WebhookOutcome> ApplyAsync(SeerEventReceived received)
    {
        await model.LoadAsync();
        var transition = SeerRunMachine.Apply(model, received);
        var head = stored.Head;
        if (transition.Outcome == WebhookOutcome.Applied)
        {
            await stored.CommitAsync();
            if (transition.StageAfter is { } reached && reached != transition.StageBefore)
            {
                metrics.SeerStageReached(transition.StageBefore, reached, SeerRunMachine.TimeInStage(head, transition.StageBefore, reached));
                LogStage(logger, this.GetPrimaryKeyString(), head.GroupId, reached);
            }
        }

        else
        {
            await stored.PublishAsync();
        }

        if (transition.Outcome is WebhookOutcome.Applied or WebhookOutcome.Duplicate && head is { GroupId: { } issueId, LastEventAt: { } updatedAt })
        {
            await grains.Get<IIssueGrain>(issueId)
                .LinkSeerRunAsync(new IssueSeerRun(this.GetPrimaryKeyString(), transition.StageAfter, updatedAt) { InstallationUuid = head.InstallationUuid });
        }

        if (transition.Outcome == WebhookOutcome.Applied)
        {
            await KeepStallReminderAsync(mayRemove: false);
        }

        return transition.Outcome;
    }

    /// <summary>
    /// Fills what the autofix state shows and the run lacks (<see cref="SeerRunMachine.Reconcile"/>): written once, counted
    /// like webhooks' stages, then the issue is told the run's stage.
    /// </summary>
    public async Task<SeerRunReconcileResult> ReconcileAsync(SeerRunReconciled reconciled)
    {
        await model.LoadAsync();
        var result = SeerRunMachine.Reconcile(model, reconciled);
        var head = stored.Head;
        if (!result.Changed)
        {
            return result;
        }

        await stored.CommitAsync();
        if (result.StageAfter is { } reached && reached != result.StageBefore)
        {
            metrics.SeerStageReached(result.StageBefore, reached, SeerRunMachine.TimeInStage(head, result.StageBefore, reached));
            LogStage(logger, this.GetPrimaryKeyString(), head.GroupId, reached);
        }

        if (result.StagesAdded.Count > 0 && head is { GroupId: { } issueId, LastEventAt: { } updatedAt })
        {
            await grains.Get<IIssueGrain>(issueId)
                .LinkSeerRunAsync(new IssueSeerRun(this.GetPrimaryKeyString(), result.StageAfter, updatedAt) { InstallationUuid = head.InstallationUuid });
        }

        await KeepStallReminderAsync(mayRemove: false);
        return result;
    }

    /// <summary>
    /// The stall reminder is registered when the run can stall and has none, and removed by its own tick once the run can no
    /// longer stall (stalled, or past the <c>_started</c> stages): a run that goes through its stages within
    /// <c>Seer:StallAfter</c> costs one registration and one removal, not one per stage.
    /// </summary>
    private async Task KeepStallReminderAsync(bool mayRemove)
    {
        var needed = SeerRunMachine.CanStall(stored.Head);
        stallReminderExists ??= await this.GetReminder(StallReminder) is not null;
        if (needed && stallReminderExists == false)
        {
            var due = stored.Head.LastEventAt!.Value + seer.Value.StallAfter - time.GetUtcNow();
            await this.RegisterOrUpdateReminder(StallReminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, StallReminderPeriod);
            stallReminderExists = true;
        }
        else if (mayRemove && !needed && stallReminderExists == true && await this.GetReminder(StallReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            stallReminderExists = false;
        }
    }

    /// <summary>Orleans' shortest reminder period: a run still quiet at its first tick is checked again each minute.</summary>
    private static readonly TimeSpan StallReminderPeriod = TimeSpan.FromMinutes(1);

    public async Task<SeerRunSnapshot?> GetAsync()
    {
        if (!stored.Head.Exists)
        {
            return null;
        }

        await model.LoadAsync();
        return SeerMapping.ToSnapshot(this.GetPrimaryKeyString(), model, time.GetUtcNow(), seer.Value.StallAfter);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seer run {RunId} is stalled since {StalledSince:O}")]
    private static partial void LogStalled(ILogger logger, string runId, DateTimeOffset? stalledSince);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Seer run {RunId} of issue {IssueId} reached {Stage}")]
    private static partial void LogStage(ILogger logger, string runId, string? issueId, SeerStage stage);
}
