using Sentry.Grains.MetricAlerts;

namespace Sentry.Grains.Silo.Api;

/// <summary><c>GET /api/metric-alerts/{id}</c>: a metric alert's status and transitions.</summary>
public static class MetricAlertsApi
{
    public static RouteGroupBuilder MapMetricAlertsApi(this RouteGroupBuilder api)
    {
        var alerts = api.MapGroup("/metric-alerts").WithTags("Metric alerts");
        alerts.MapGet("/{id}", async (string id, IGrainFactory grains) =>
                ApiResults.OkOrNotFound(await grains.GetGrain<IMetricAlertGrain>(id).GetAsync(), "metric alert", id))
            .WithName("GetMetricAlert")
            .Produces<MetricAlertSnapshot>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
