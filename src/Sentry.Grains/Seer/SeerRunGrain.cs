using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sentry.Grains.Storage;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Seer;

/// <summary>One Seer autofix run: load, decide through <see cref="SeerRunMachine"/>, write once, answer.</summary>
public sealed class SeerRunGrain(
    [PersistentState("seerRun")] IPersistentState<SeerRunState> state,
    IOptions<RetentionOptions> retention,
    IOptions<SeerOptions> seer,
    TimeProvider time,
    ILogger<SeerRunGrain> logger) : Grain, ISeerRunGrain
{
    public async Task<WebhookOutcome> ApplyAsync(SeerEventReceived received)
    {
        var transition = SeerRunMachine.Apply(state.State, received, retention.Value);
        if (transition.Outcome == WebhookOutcome.Applied)
        {
            await state.WriteOrReloadAsync(this, logger);
        }

        return transition.Outcome;
    }

    public Task<SeerRunSnapshot?> GetAsync() => Task.FromResult(state.State.Exists
        ? SeerRunMachine.ToSnapshot(this.GetPrimaryKeyString(), state.State, time.GetUtcNow(), seer.Value.StallAfter)
        : null);
}
