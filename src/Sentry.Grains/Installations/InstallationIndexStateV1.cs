namespace Sentry.Grains.Installations;

/// <summary>Layout 1 of the installation index, as the previous version wrote it. Only read: see <see cref="InstallationUpgrade"/>.</summary>
[GenerateSerializer, Alias("sentry.InstallationIndexState")]
public sealed class InstallationIndexStateV1
{
    [Id(0)] public Dictionary<string, IndexedInstallationV1> Rows { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("sentry.IndexedInstallation")]
public sealed record IndexedInstallationV1(
    [property: Id(0)] InstallationSummaryV1 Summary,
    [property: Id(1)] long Version);

/// <summary>Layout 1's <c>InstallationSummary</c> (its status was a string).</summary>
[GenerateSerializer, Immutable, Alias("sentry.InstallationSummary")]
public sealed record InstallationSummaryV1(
    [property: Id(0)] string Uuid,
    [property: Id(1)] string? OrganizationSlug,
    [property: Id(2)] string Status,
    [property: Id(3)] DateTimeOffset? UpdatedAt);
