using Sentry.Grains.Webhooks;

namespace Sentry.Grains.MetricAlerts;

/// <summary>A <c>metric_alert</c> webhook: critical, warning, resolved or open.</summary>
[GenerateSerializer, Immutable, Alias("sentry.MetricAlertChanged")]
public sealed record MetricAlertChanged(
    [property: Id(0)] Delivery Delivery,
    [property: Id(1)] string Action,
    [property: Id(3)] MetricAlertFields Alert) : IWebhookCommand;
