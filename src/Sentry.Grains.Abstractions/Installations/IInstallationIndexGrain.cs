namespace Sentry.Grains.Installations;

/// <summary>
/// The list of installations an earlier version kept (before the read model): installations upserted their row after
/// each write. This version lists installations from the read model and only reads this index once at start, to put
/// installations stored by the earlier version on the read side (<c>LegacyInstallationImport</c>).
/// </summary>
[Alias("sentry.IInstallationIndexGrain")]
public interface IInstallationIndexGrain : IGrainWithStringKey
{
    /// <summary>The installations, by organization slug then uuid; only those in <paramref name="status"/> if given.</summary>
    [Alias("List")]
    Task<InstallationSummary[]> ListAsync(InstallationStatus? status);
}

/// <summary>Where the installation index lives.</summary>
public static class InstallationIndex
{
    /// <summary>The key of the one <see cref="IInstallationIndexGrain"/>.</summary>
    public const string Key = "all";
}
