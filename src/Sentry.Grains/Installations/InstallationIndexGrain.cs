using Microsoft.Extensions.Logging;
using Sentry.Grains.Storage;

namespace Sentry.Grains.Installations;

/// <summary>The installation list: version-checked upserts from the installation grains, one state write per change.</summary>
public sealed class InstallationIndexGrain(
    [PersistentState("installationIndex")] IPersistentState<InstallationIndexState> state,
    ILogger<InstallationIndexGrain> logger) : Grain, IInstallationIndexGrain
{
    public async Task UpsertAsync(InstallationSummary summary, long version)
    {
        if (state.State.Upsert(summary, version))
        {
            await state.WriteOrReloadAsync(this, logger);
        }
    }

    public Task<InstallationSummary[]> ListAsync(string? status) => Task.FromResult(state.State.List(status));
}
