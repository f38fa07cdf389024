using Sentry.Grains.Webhooks;

namespace Sentry.Grains.MetricAlerts;

/// <summary>The <c>metric_alert</c> resource, declared once: critical, warning, resolved, open, applied by <see cref="IMetricAlertGrain"/>.</summary>
public static class MetricAlertWebhooks
{
    public static WebhookResource MetricAlert { get; } = WebhookResource.For<IMetricAlertGrain, MetricAlertChanged>(
        "metric_alert",
        ["critical", "warning", "resolved", "open"],
        new KeyField(KeyShape.SentryId, "data.metric_alert.id"),
        ParseMetricAlert,
        (grain, change) => grain.ApplyAsync(change));

    private static MetricAlertChanged ParseMetricAlert(WebhookEnvelope envelope)
    {
        var data = envelope.Data;
        var alert = WebhookEnvelope.RequireObject(data, "metric_alert", "data.metric_alert");
        var rule = alert.Object("alert_rule");
        var fields = new MetricAlertFields
        {
            Id = envelope.Key,
            Identifier = alert.String("identifier"),
            Title = alert.String("title"),
            IncidentStatus = alert.Int32("status"),
            AlertRule = rule is { } r
                ? new AlertRule(r.String("id"), r.String("name"), r.String("aggregate"), r.String("query"), r.String("dataset"), r.Int32("time_window"))
                : null,
            DateStarted = alert.Date("date_started"),
            DateDetected = alert.Date("date_detected"),
            DateClosed = alert.Date("date_closed"),
            DescriptionTitle = data.String("description_title"),
            DescriptionText = data.String("description_text"),
            WebUrl = data.String("web_url"),
        };
        return new MetricAlertChanged(envelope.Delivery, envelope.Action, fields);
    }
}
