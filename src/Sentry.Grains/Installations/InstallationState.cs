using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Installations;

/// <summary>The stored state of one installation grain.</summary>
[GenerateSerializer, Alias("sentry.InstallationState")]
public sealed class InstallationState
{
    [Id(0)] public DeliveryLog Deliveries { get; set; } = new();
    [Id(1)] public string? Status { get; set; }
    [Id(2)] public string? OrganizationSlug { get; set; }
    [Id(3)] public string? OrganizationId { get; set; }
    [Id(4)] public string? AppUuid { get; set; }
    [Id(5)] public string? AppSlug { get; set; }
    [Id(6)] public DateTimeOffset? CreatedAt { get; set; }
    [Id(7)] public DateTimeOffset? DeletedAt { get; set; }
    [Id(8)] public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>The one-time grant code of <c>created</c>, until it is exchanged; wiped on delete.</summary>
    [Id(9)] public string? GrantCode { get; set; }

    public bool Exists => Status is not null;
}
