namespace Sentry.Grains.Installations;

/// <summary>One row of the installation list: who installed the app and where the installation stands.</summary>
[GenerateSerializer, Immutable, Alias("sentry.InstallationSummary.2")]
public sealed record InstallationSummary(
    [property: Id(0)] string Uuid,
    [property: Id(1)] string? OrganizationSlug,
    [property: Id(2)] InstallationStatus Status,
    [property: Id(3)] DateTimeOffset? UpdatedAt);
