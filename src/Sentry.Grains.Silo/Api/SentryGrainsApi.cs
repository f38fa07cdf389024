namespace Sentry.Grains.Silo.Api;

/// <summary>The internal query API under <c>/api</c>.</summary>
public static class SentryGrainsApi
{
    public static RouteGroupBuilder MapSentryGrainsApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api")
            .MapIssuesApi()
            .MapInstallationsApi()
            .MapSeerRunsApi()
            .MapMetricAlertsApi();
}
