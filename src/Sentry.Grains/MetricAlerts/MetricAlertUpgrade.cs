using Sentry.Grains.Storage;

namespace Sentry.Grains.MetricAlerts;

/// <summary>Reads a metric alert stored by the previous version (layout 1) as a layout-2 head.</summary>
public static class MetricAlertUpgrade
{
    public static StateUpgrade Upgrade { get; } = StateUpgrade.Of<MetricAlertStateV1, MetricAlertHead>(From);

    public static MetricAlertHead From(MetricAlertStateV1 legacy, DateTimeOffset upgradedAt) => new()
    {
        Version = legacy.UpdatedAt is null ? 0 : 1,
        Status = legacy.Status,
        Alert = legacy.Alert is { } alert ? MetricAlertMapping.ToRecord(alert) : null,
        OrderAt = legacy.SentAt,
        UpdatedAt = legacy.UpdatedAt,
        Deliveries = new() { Open = legacy.Deliveries.Upgrade(upgradedAt) },
        Transitions = new() { Open = [.. legacy.Transitions.Select(t => new TransitionRecord(t.Status, t.DescriptionTitle, t.SentAt, t.ReceivedAt, t.RequestId))] },
    };
}
