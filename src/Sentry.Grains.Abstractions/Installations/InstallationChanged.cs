using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Installations;

/// <summary>An <c>installation</c> webhook: created (status pending, with the one-time grant code) or deleted.</summary>
[GenerateSerializer, Immutable, Alias("sentry.InstallationChanged")]
public sealed record InstallationChanged(
    [property: Id(0)] Delivery Delivery,
    [property: Id(1)] string Action,
    [property: Id(3)] string Uuid,
    [property: Id(5)] string? OrganizationSlug,
    [property: Id(6)] string? OrganizationId,
    [property: Id(7)] string? AppUuid,
    [property: Id(8)] string? AppSlug,
    [property: Id(9)] string? Code) : IWebhookCommand;
