using Sentry.Grains.Storage;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.MetricAlerts;

/// <summary>A metric alert's status follows the newest applied webhook; older ones are stale.</summary>
public static class MetricAlertRules
{
    public static WebhookOutcome Apply(MetricAlertState state, MetricAlertChanged change, RetentionOptions retention)
    {
        if (state.Deliveries.Contains(change.Delivery))
        {
            return WebhookOutcome.Duplicate;
        }

        if (Ordering.IsStale(change.Delivery.SentAt, state.SentAt))
        {
            return WebhookOutcome.Stale;
        }

        state.Status = change.Action;
        state.Alert = change.Alert;
        state.SentAt = Ordering.Newest(state.SentAt, change.Delivery.SentAt);
        state.Transitions.Add(new MetricAlertTransition(
            change.Action, change.Alert.DescriptionTitle, change.Delivery.SentAt, change.Delivery.ReceivedAt, change.Delivery.RequestId));
        if (state.Transitions.Count > retention.MetricAlertTransitions)
        {
            state.Transitions.RemoveRange(0, state.Transitions.Count - retention.MetricAlertTransitions);
        }

        state.Deliveries.Remember(change.Delivery, retention.Deliveries);
        state.UpdatedAt = change.Delivery.ReceivedAt;
        return WebhookOutcome.Applied;
    }

    public static MetricAlertSnapshot? ToSnapshot(string id, MetricAlertState state) =>
        state is { Status: { } status, Alert: { } alert }
            ? new MetricAlertSnapshot { Id = id, Status = status, Alert = alert, Transitions = [.. state.Transitions], UpdatedAt = state.UpdatedAt }
            : null;
}
