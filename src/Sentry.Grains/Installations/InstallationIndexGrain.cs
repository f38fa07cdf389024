namespace Sentry.Grains.Installations;

/// <summary>The installation list an earlier version kept; read once at start by <see cref="LegacyInstallationImport"/>.</summary>
public sealed class InstallationIndexGrain(
    [PersistentState(InstallationIndexGrain.StateName)] IPersistentState<InstallationIndexState> state) : Grain, IInstallationIndexGrain
{
    public const string StateName = "installationIndex";

    public Task<InstallationSummary[]> ListAsync(InstallationStatus? status) => Task.FromResult(state.State.List(status));
}
