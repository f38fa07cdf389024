using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sentry.Grains.Issues;
using Sentry.Grains.Storage;
using Sentry.Grains.Telemetry;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Seer;

/// <summary>
/// One Seer autofix run: load, decide through <see cref="SeerRunMachine"/>, write once, then tell the issue
/// (<c>group_id</c>) its stage, and answer. The issue is told again on a duplicate, so a failure between the two writes
/// heals when Sentry retries. Stalled is computed on read from the stored time of the last event, so it holds across
/// deactivations and restarts.
/// </summary>
public sealed partial class SeerRunGrain : Grain, ISeerRunGrain
{
    public const string StateName = "seerRun";

    private readonly StoredState<SeerRunHead> stored;
    private readonly SeerRunModel model;
    private readonly IOptions<SeerOptions> seer;
    private readonly TimeProvider time;
    private readonly SentryGrainsMetrics metrics;
    private readonly ILogger<SeerRunGrain> logger;

    public SeerRunGrain(
        [PersistentState(StateName)] IPersistentState<SeerRunHead> state,
        StoredStates states,
        IOptions<SeerOptions> seer,
        TimeProvider time,
        SentryGrainsMetrics metrics,
        ILogger<SeerRunGrain> logger)
    {
        this.seer = seer;
        this.time = time;
        this.metrics = metrics;
        this.logger = logger;
        stored = states.For(state, this, StateName);
        model = new SeerRunModel(
            () => stored.Head,
            stored.Deliveries(h => h.Deliveries),
            stored.Log("history", SeerRunModel.HistoryLimits, h => h.History),
            states.Retention);
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

        if (transition.Outcome is WebhookOutcome.Applied or WebhookOutcome.Duplicate && head is { GroupId: { } issueId, LastEventAt: { } updatedAt })
        {
            await GrainFactory.GetGrain<IIssueGrain>(issueId)
                .LinkSeerRunAsync(new IssueSeerRun(this.GetPrimaryKeyString(), transition.StageAfter, updatedAt));
        }

        return transition.Outcome;
    }

    public async Task<SeerRunSnapshot?> GetAsync()
    {
        if (!stored.Head.Exists)
        {
            return null;
        }

        await model.LoadAsync();
        return SeerMapping.ToSnapshot(this.GetPrimaryKeyString(), model, time.GetUtcNow(), seer.Value.StallAfter);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Seer run {RunId} of issue {IssueId} reached {Stage}")]
    private static partial void LogStage(ILogger logger, string runId, string? issueId, SeerStage stage);
}
