using Sentry.Grains.ReadModel;
using Sentry.Grains.Storage;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Installations;

/// <summary>A token refused for a read: since when, the status and reason, refusals so far, and when a read may try it again.</summary>
[GenerateSerializer, Immutable, Alias("sentry.v2.TokenAttentionRecord")]
public sealed record TokenAttentionRecord(
    [property: Id(0)] DateTimeOffset Since,
    [property: Id(1)] int StatusCode,
    [property: Id(2)] string Reason,
    [property: Id(3)] int Refusals,
    [property: Id(4)] DateTimeOffset NextProbeAt);

/// <summary>The stored state of one installation grain (layout 2). Tokens only ever encrypted (<see cref="TokenProtector"/>).</summary>
[GenerateSerializer, Alias("sentry.v2.InstallationState")]
public sealed class InstallationState
{
    [Id(0)] public LogTail<RememberedDelivery> Deliveries { get; set; } = new();
    [Id(1)] public InstallationStatus? Status { get; set; }
    [Id(2)] public string? OrganizationSlug { get; set; }
    [Id(3)] public string? OrganizationId { get; set; }
    [Id(4)] public string? AppUuid { get; set; }
    [Id(5)] public string? AppSlug { get; set; }
    [Id(6)] public DateTimeOffset? CreatedAt { get; set; }
    [Id(7)] public DateTimeOffset? DeletedAt { get; set; }
    [Id(8)] public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>The one-time grant code of <c>created</c>, until it is exchanged; wiped on delete or failure.</summary>
    [Id(9)] public string? GrantCode { get; set; }

    [Id(10)] public EncryptedToken? AccessToken { get; set; }
    [Id(11)] public EncryptedToken? RefreshToken { get; set; }
    [Id(12)] public DateTimeOffset? TokenExpiresAt { get; set; }
    [Id(13)] public List<string> Scopes { get; set; } = [];

    /// <summary>Attempts at the setup (code exchange, then verification), counting the one that succeeded.</summary>
    [Id(14)] public int Attempts { get; set; }

    /// <summary>Refreshes that failed since the last one that succeeded.</summary>
    [Id(15)] public int RefreshFailures { get; set; }

    [Id(16)] public string? LastError { get; set; }
    [Id(17)] public DateTimeOffset? LastErrorAt { get; set; }

    /// <summary>When the next step (exchange, verify or refresh) is due; null when there is nothing left to do.</summary>
    [Id(18)] public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>Why the installation is <c>failed</c>.</summary>
    [Id(19)] public string? FailureReason { get; set; }

    [Id(20)] public DateTimeOffset? InstalledAt { get; set; }
    [Id(21)] public DateTimeOffset? LastRefreshedAt { get; set; }

    /// <summary>Incremented by every state write; orders the installation index's updates.</summary>
    [Id(22)] public long Version { get; set; }

    /// <summary>Refreshes recovered through Sentry's manual refresh after the stored refresh token was refused.</summary>
    [Id(23)] public int TokenRecoveries { get; set; }

    /// <summary>The status last recorded for the read side (a change publishes <c>installation.status</c>).</summary>
    [Id(24)] public InstallationStatus? PublishedStatus { get; set; }

    /// <summary>Committed changes not yet published to the read model and the change feed.</summary>
    [Id(25)] public Outbox Outbox { get; set; } = new();

    /// <summary>Sentry refused the token for a read (401/403); cleared by a new token or a read that succeeds.</summary>
    [Id(26)] public TokenAttentionRecord? TokenAttention { get; set; }

    public bool Exists => Status is not null;
}
