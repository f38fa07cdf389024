namespace Sentry.Grains.Installations;

/// <summary>The stored rows of the installation index, with the state version each row came from.</summary>
[GenerateSerializer, Alias("sentry.InstallationIndexState")]
public sealed class InstallationIndexState
{
    [Id(0)] public Dictionary<string, IndexedInstallation> Rows { get; set; } = [];

    /// <summary>Records <paramref name="summary"/> if it is newer than the row held; false when nothing changed.</summary>
    public bool Upsert(InstallationSummary summary, long version)
    {
        if (Rows.TryGetValue(summary.Uuid, out var held) && (held.Version > version || (held.Version == version && held.Summary == summary)))
        {
            return false;
        }

        Rows[summary.Uuid] = new IndexedInstallation(summary, version);
        return true;
    }

    public InstallationSummary[] List(string? status) =>
    [
        .. Rows.Values
            .Select(row => row.Summary)
            .Where(summary => status is null || summary.Status == status)
            .OrderBy(summary => summary.OrganizationSlug, StringComparer.Ordinal)
            .ThenBy(summary => summary.Uuid, StringComparer.Ordinal),
    ];
}

[GenerateSerializer, Immutable, Alias("sentry.IndexedInstallation")]
public sealed record IndexedInstallation(
    [property: Id(0)] InstallationSummary Summary,
    [property: Id(1)] long Version);
