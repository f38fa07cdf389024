using Sentry.Grains.Webhooks;

namespace Sentry.Grains.MetricAlerts;

/// <summary>The stored state of one metric alert grain.</summary>
[GenerateSerializer, Alias("sentry.MetricAlertState")]
public sealed class MetricAlertState
{
    [Id(0)] public DeliveryLog Deliveries { get; set; } = new();
    [Id(1)] public string? Status { get; set; }
    [Id(2)] public MetricAlertFields? Alert { get; set; }
    [Id(3)] public DateTimeOffset? SentAt { get; set; }
    [Id(4)] public List<MetricAlertTransition> Transitions { get; set; } = [];
    [Id(5)] public DateTimeOffset? UpdatedAt { get; set; }
}
