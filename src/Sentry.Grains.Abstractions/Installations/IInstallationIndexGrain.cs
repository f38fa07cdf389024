namespace Sentry.Grains.Installations;

/// <summary>
/// The list of installations (grain storage has no query), kept by the installation grains: each upserts
/// its row after its own state write, with that state's version, and an older version never overwrites a
/// newer one. One grain holds every row (key <see cref="InstallationIndex.Key"/>): an app has few installations.
/// </summary>
[Alias("sentry.IInstallationIndexGrain")]
public interface IInstallationIndexGrain : IGrainWithStringKey
{
    /// <summary>Records <paramref name="summary"/> unless the index already holds <paramref name="version"/> or newer for it.</summary>
    [Alias("Upsert")]
    Task UpsertAsync(InstallationSummary summary, long version);

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
