using Sentry.Grains.Webhooks;

namespace Sentry.Grains.MetricAlerts;

/// <summary>Layout 1 of a metric alert grain's state, as the previous version wrote it. Only read: see <see cref="MetricAlertUpgrade"/>.</summary>
[GenerateSerializer, Alias("sentry.MetricAlertState")]
public sealed class MetricAlertStateV1
{
    [Id(0)] public DeliveryLogV1 Deliveries { get; set; } = new();
    [Id(1)] public string? Status { get; set; }
    [Id(2)] public MetricAlertFields? Alert { get; set; }
    [Id(3)] public DateTimeOffset? SentAt { get; set; }
    [Id(4)] public List<MetricAlertTransition> Transitions { get; set; } = [];
    [Id(5)] public DateTimeOffset? UpdatedAt { get; set; }
}
