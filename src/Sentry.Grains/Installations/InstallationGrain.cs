using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sentry.Grains.Storage;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Installations;

/// <summary>One installation of the Sentry app: load, decide through <see cref="InstallationRules"/>, write once, answer.</summary>
public sealed class InstallationGrain(
    [PersistentState("installation")] IPersistentState<InstallationState> state,
    IOptions<RetentionOptions> retention,
    ILogger<InstallationGrain> logger) : Grain, IInstallationGrain
{
    public async Task<WebhookOutcome> ApplyAsync(InstallationChanged change)
    {
        var outcome = InstallationRules.Apply(state.State, change, retention.Value);
        if (outcome == WebhookOutcome.Applied)
        {
            await state.WriteOrReloadAsync(this, logger);
        }

        return outcome;
    }

    public Task<InstallationSnapshot?> GetAsync() =>
        Task.FromResult(state.State.Exists ? InstallationRules.ToSnapshot(this.GetPrimaryKeyString(), state.State) : null);
}
