namespace Sentry.Grains.Installations;

/// <summary>The installation index an earlier version kept (read as layout 2), with the state version each row came from.</summary>
[GenerateSerializer, Alias("sentry.v2.InstallationIndexState")]
public sealed class InstallationIndexState
{
    [Id(0)] public Dictionary<string, InstallationIndexRow> Rows { get; set; } = [];

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
