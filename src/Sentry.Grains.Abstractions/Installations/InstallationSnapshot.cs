namespace Sentry.Grains.Installations;

/// <summary>One installation of the Sentry app. Never carries tokens or the grant code.</summary>
[GenerateSerializer, Immutable, Alias("sentry.InstallationSnapshot.2")]
public sealed record InstallationSnapshot
{
    [Id(0)] public required string Uuid { get; init; }

    [Id(1)] public required InstallationStatus Status { get; init; }

    [Id(2)] public string? OrganizationSlug { get; init; }
    [Id(3)] public string? OrganizationId { get; init; }
    [Id(4)] public string? AppUuid { get; init; }
    [Id(5)] public string? AppSlug { get; init; }
    [Id(6)] public DateTimeOffset? CreatedAt { get; init; }
    [Id(7)] public DateTimeOffset? DeletedAt { get; init; }
    [Id(8)] public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>When the code exchange and the verification both succeeded.</summary>
    [Id(9)] public DateTimeOffset? InstalledAt { get; init; }

    /// <summary>Attempts at the setup (code exchange, then verification), counting the one that succeeded.</summary>
    [Id(10)] public int Attempts { get; init; }

    /// <summary>Token refreshes that failed since the last one that succeeded.</summary>
    [Id(11)] public int RefreshFailures { get; init; }

    /// <summary>The last failed call to Sentry (setup or refresh), kept after a later success.</summary>
    [Id(12)] public string? LastError { get; init; }

    [Id(13)] public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>When the next call to Sentry is due: the next setup attempt, a refresh retry, or the next refresh.</summary>
    [Id(14)] public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Why the installation is <c>failed</c>.</summary>
    [Id(15)] public string? FailureReason { get; init; }

    /// <summary>When the current access token expires (the token itself only comes from the token endpoint).</summary>
    [Id(16)] public DateTimeOffset? TokenExpiresAt { get; init; }

    [Id(17)] public DateTimeOffset? LastRefreshedAt { get; init; }

    /// <summary>The scopes Sentry granted the token.</summary>
    [Id(18)] public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>Sentry refused the token for a read (401/403) and it was not accepted since; null when all is well.</summary>
    [Id(19)] public TokenAttention? TokenAttention { get; init; }
}
