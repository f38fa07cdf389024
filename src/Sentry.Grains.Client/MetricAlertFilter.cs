namespace Sentry.Grains.Client;

/// <summary>The filter of <c>GET /api/metric-alerts</c>; null leaves it out.</summary>
public sealed record MetricAlertFilter
{
    /// <summary><c>status</c>: the alert's status.</summary>
    public MetricAlertStatus? Status { get; init; }

    internal void AddTo(QueryBuilder query) => query.Add("status", Status?.Value);
}
