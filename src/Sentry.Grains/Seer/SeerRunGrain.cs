using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sentry.Grains.Issues;
using Sentry.Grains.Storage;
using Sentry.Grains.Telemetry;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Seer;

/// <summary>
/// One Seer autofix run: load, decide through <see cref="SeerRunMachine"/>, write once, then tell the
/// issue (<c>group_id</c>) its stage, and answer. The issue is told again on a duplicate, so a failure
/// between the two writes heals when Sentry retries. Stalled is computed on read from the stored
/// time of the last event, so it holds across deactivations and restarts.
/// </summary>
public sealed partial class SeerRunGrain(
    [PersistentState("seerRun")] IPersistentState<SeerRunState> state,
    IOptions<RetentionOptions> retention,
    IOptions<SeerOptions> seer,
    TimeProvider time,
    SentryGrainsMetrics metrics,
    ILogger<SeerRunGrain> logger) : Grain, ISeerRunGrain
{
    public async Task<WebhookOutcome> ApplyAsync(SeerEventReceived received)
    {
        var transition = SeerRunMachine.Apply(state.State, received, retention.Value);
        if (transition.Outcome == WebhookOutcome.Applied)
        {
            await state.WriteOrReloadAsync(this, logger);
            if (transition.StageAfter is { } reached && reached != transition.StageBefore)
            {
                metrics.SeerStageReached(transition.StageBefore, reached, SeerRunMachine.TimeInStage(state.State, transition.StageBefore, reached));
                LogStage(logger, this.GetPrimaryKeyString(), state.State.GroupId, reached);
            }
        }

        if (transition.Outcome is WebhookOutcome.Applied or WebhookOutcome.Duplicate && state.State is { GroupId: { } issueId, LastEventAt: { } updatedAt })
        {
            await GrainFactory.GetGrain<IIssueGrain>(issueId)
                .LinkSeerRunAsync(new IssueSeerRun(this.GetPrimaryKeyString(), transition.StageAfter, updatedAt));
        }

        return transition.Outcome;
    }

    public Task<SeerRunSnapshot?> GetAsync() => Task.FromResult(state.State.Exists
        ? SeerRunMachine.ToSnapshot(this.GetPrimaryKeyString(), state.State, time.GetUtcNow(), seer.Value.StallAfter)
        : null);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Seer run {RunId} of issue {IssueId} reached {Stage}")]
    private static partial void LogStage(ILogger logger, string runId, string? issueId, string stage);
}
