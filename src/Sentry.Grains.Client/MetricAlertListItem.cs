namespace Sentry.Grains.Client;

/// <summary>A metric alert as <c>GET /api/metric-alerts</c> lists it (and as a <c>metric_alert.status</c> change carries it).</summary>
public sealed record MetricAlertListItem : ListItem
{
    /// <summary>The alert's status.</summary>
    public MetricAlertStatus? Status { get; init; }

    /// <summary>The alert's title.</summary>
    public string? Title { get; init; }

    /// <summary>The alert rule's id.</summary>
    public string? RuleId { get; init; }

    /// <summary>The alert rule's name.</summary>
    public string? RuleName { get; init; }
}
