using Sentry.Grains.Webhooks;

namespace Sentry.Grains.MetricAlerts;

/// <summary>One metric alert incident, keyed by <c>data.metric_alert.id</c>.</summary>
[Alias("sentry.IMetricAlertGrain")]
public interface IMetricAlertGrain : IGrainWithStringKey
{
    [Alias("Apply")]
    Task<WebhookOutcome> ApplyAsync(MetricAlertChanged change);

    /// <summary>The alert, or null if never seen.</summary>
    [Alias("Get")]
    Task<MetricAlertSnapshot?> GetAsync();
}
