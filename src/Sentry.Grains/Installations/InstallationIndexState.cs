namespace Sentry.Grains.Installations;

/// <summary>The stored rows of the installation index (layout 2), with the state version each row came from.</summary>
[GenerateSerializer, Alias("sentry.v2.InstallationIndexState")]
public sealed class InstallationIndexState
{
    [Id(0)] public Dictionary<string, InstallationIndexRow> Rows { get; set; } = [];

    /// <summary>Records <paramref name="summary"/> if it is newer than the row held; false when nothing changed.</summary>
    public bool Upsert(InstallationSummary summary, long version)
    {
        var row = new InstallationIndexRow(summary.Uuid, summary.OrganizationSlug, summary.Status, summary.UpdatedAt, version);
        if (Rows.TryGetValue(summary.Uuid, out var held) && (held.Version > version || held == row))
        {
            return false;
        }

        Rows[summary.Uuid] = row;
        return true;
    }

    public InstallationSummary[] List(InstallationStatus? status) =>
    [
        .. Rows.Values
            .Where(row => status is null || row.Status == status)
            .OrderBy(row => row.OrganizationSlug, StringComparer.Ordinal)
            .ThenBy(row => row.Uuid, StringComparer.Ordinal)
            .Select(row => new InstallationSummary(row.Uuid, row.OrganizationSlug, row.Status, row.UpdatedAt)),
    ];
}

[GenerateSerializer, Immutable, Alias("sentry.v2.InstallationIndexRow")]
public sealed record InstallationIndexRow(
    [property: Id(0)] string Uuid,
    [property: Id(1)] string? OrganizationSlug,
    [property: Id(2)] InstallationStatus Status,
    [property: Id(3)] DateTimeOffset? UpdatedAt,
    [property: Id(4)] long Version);
