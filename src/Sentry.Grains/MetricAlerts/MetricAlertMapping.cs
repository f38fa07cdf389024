namespace Sentry.Grains.MetricAlerts;

/// <summary>Between the contract (the metric alert command and snapshot) and the alert's stored records.</summary>
public static class MetricAlertMapping
{
    public static MetricAlertRecord ToRecord(MetricAlertFields alert) => new()
    {
        Id = alert.Id,
        Identifier = alert.Identifier,
        Title = alert.Title,
        IncidentStatus = alert.IncidentStatus,
        AlertRule = alert.AlertRule is { } r ? new AlertRuleRecord(r.Id, r.Name, r.Aggregate, r.Query, r.Dataset, r.TimeWindowMinutes) : null,
        DateStarted = alert.DateStarted,
        DateDetected = alert.DateDetected,
        DateClosed = alert.DateClosed,
        DescriptionTitle = alert.DescriptionTitle,
        DescriptionText = alert.DescriptionText,
        WebUrl = alert.WebUrl,
    };

    public static MetricAlertFields ToFields(MetricAlertRecord alert) => new()
    {
        Id = alert.Id,
        Identifier = alert.Identifier,
        Title = alert.Title,
        IncidentStatus = alert.IncidentStatus,
        AlertRule = alert.AlertRule is { } r ? new AlertRule(r.Id, r.Name, r.Aggregate, r.Query, r.Dataset, r.TimeWindowMinutes) : null,
        DateStarted = alert.DateStarted,
        DateDetected = alert.DateDetected,
        DateClosed = alert.DateClosed,
        DescriptionTitle = alert.DescriptionTitle,
        DescriptionText = alert.DescriptionText,
        WebUrl = alert.WebUrl,
    };

    /// <summary>The alert as the contract shows it, or null before its first webhook. The model's logs must be loaded.</summary>
    public static MetricAlertSnapshot? ToSnapshot(string id, MetricAlertModel model) =>
        model.Head is { Status: { } status, Alert: { } alert } head
            ? new MetricAlertSnapshot
            {
                Id = id,
                Version = head.Version,
                Status = status,
                Alert = ToFields(alert),
                Transitions = [.. model.Transitions.Select(t => new MetricAlertTransition(t.Status, t.DescriptionTitle, t.SentAt, t.ReceivedAt, t.RequestId))],
                UpdatedAt = head.UpdatedAt,
            }
            : null;
}
