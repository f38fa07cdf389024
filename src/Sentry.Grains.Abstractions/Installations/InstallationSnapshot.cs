namespace Sentry.Grains.Installations;

/// <summary>One installation of the Sentry app. Never carries tokens or the grant code.</summary>
[GenerateSerializer, Immutable, Alias("sentry.InstallationSnapshot")]
public sealed record InstallationSnapshot
{
    [Id(0)] public required string Uuid { get; init; }

    /// <summary><c>pending</c>, <c>installed</c>, <c>failed</c> or <c>deleted</c>.</summary>
    [Id(1)] public required string Status { get; init; }

    [Id(2)] public string? OrganizationSlug { get; init; }
    [Id(3)] public string? OrganizationId { get; init; }
    [Id(4)] public string? AppUuid { get; init; }
    [Id(5)] public string? AppSlug { get; init; }
    [Id(6)] public DateTimeOffset? CreatedAt { get; init; }
    [Id(7)] public DateTimeOffset? DeletedAt { get; init; }
    [Id(8)] public DateTimeOffset? UpdatedAt { get; init; }
}
