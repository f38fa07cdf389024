using Sentry.Grains.MetricAlerts;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Silo.Api;

/// <summary><c>GET /api/metric-alerts/{id}</c>: a metric alert's status and transitions.</summary>
public static class MetricAlertsApi
{
    public static RouteGroupBuilder MapMetricAlertsApi(this RouteGroupBuilder api)
    {
        var alerts = api.MapGroup("/metric-alerts").WithTags("Metric alerts");
        alerts.MapGet("/{id}", async (string id, IGrainFactory grains) =>
                !RouteKeys.TryRead(KeyShape.SentryId, id, "metric alert", out var key, out var problem) ? problem
                : ApiResults.OkOrNotFound(await grains.GetGrain<IMetricAlertGrain>(key).GetAsync(), "metric alert", key))
            .WithName("GetMetricAlert")
            .Produces<MetricAlertSnapshot>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
