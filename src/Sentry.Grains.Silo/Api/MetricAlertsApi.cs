using Sentry.Grains.MetricAlerts;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Silo.Api;

/// <summary><c>GET /api/metric-alerts/{id}</c>: a metric alert's status and transitions.</summary>
public static class MetricAlertsApi
{
    public static RouteGroupBuilder MapMetricAlertsApi(this RouteGroupBuilder api)
    {
        var alerts = api.MapGroup("/metric-alerts").WithTags("Metric alerts");
        alerts.MapGet("/", async (HttpRequest request, IReadModelStore store, CancellationToken cancellationToken) =>
            {
                var q = QueryString.Of(request, "status", "limit", "cursor");
                var query = new MetricAlertQuery
                {
                    Status = q.OneOf("status", MetricAlertWebhooks.MetricAlert.Actions),
                    Limit = q.Limit(PageQuery.DefaultLimit, PageQuery.MaxLimit),
                    After = q.Position(),
                };
                return q.Problem ?? ReadModelLists.Answer(request, await store.ListMetricAlertsAsync(query, cancellationToken));
            })
            .WithName("ListMetricAlerts")
            .WithDescription("Metric alerts from the read model, newest update first: filter status (critical, warning, resolved, open); limit; cursor.")
            .Produces<ListResponse<MetricAlertRow>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
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
