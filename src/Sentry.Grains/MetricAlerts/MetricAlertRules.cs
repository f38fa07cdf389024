using Sentry.Grains.Webhooks;

namespace Sentry.Grains.MetricAlerts;

/// <summary>A metric alert's status follows the newest applied webhook; older ones are stale.</summary>
public static class MetricAlertRules
{
    /// <summary>The kind of change a metric alert webhook publishes.</summary>
    public const string StatusChanged = "metric_alert.status";

    public static WebhookOutcome Apply(MetricAlertModel model, MetricAlertChanged change) =>
        Deduplication.Apply(model.Deliveries, change.Delivery, () => ApplyNew(model, change));

    private static WebhookOutcome ApplyNew(MetricAlertModel model, MetricAlertChanged change)
    {
        var head = model.Head;
        var delivery = change.Delivery;
        if (Ordering.IsStale(delivery, head.OrderAt))
        {
            return WebhookOutcome.Stale;
        }

        head.Status = change.Action;
        head.Alert = MetricAlertMapping.ToRecord(change.Alert);
        head.OrderAt = Ordering.Advance(delivery, head.OrderAt);
        model.Record(new TransitionRecord(change.Action, change.Alert.DescriptionTitle, delivery.SentAt, delivery.ReceivedAt, delivery.RequestId));
        head.UpdatedAt = delivery.ReceivedAt;
        head.InstallationUuid = delivery.InstallationUuid ?? head.InstallationUuid;
        model.Publish(StatusChanged, delivery.ReceivedAt);
        return WebhookOutcome.Applied;
    }
}
