using Sentry.Grains.Storage;

namespace Sentry.Grains.Installations;

/// <summary>The installation list: version-checked upserts from the installation grains, one state write per change.</summary>
public sealed class InstallationIndexGrain(
    [PersistentState(InstallationIndexGrain.StateName)] IPersistentState<InstallationIndexState> state,
    StoredStates states) : Grain, IInstallationIndexGrain
{
    public const string StateName = "installationIndex";

    private StoredState<InstallationIndexState>? stored;

    private StoredState<InstallationIndexState> Stored => stored ??= states.For(state, this, StateName);

    public async Task UpsertAsync(InstallationSummary summary, long version)
    {
        if (Stored.Head.Upsert(summary, version))
        {
            await Stored.CommitAsync();
        }
    }

    public Task<InstallationSummary[]> ListAsync(InstallationStatus? status) => Task.FromResult(Stored.Head.List(status));
}
