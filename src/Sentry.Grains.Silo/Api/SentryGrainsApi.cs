namespace Sentry.Grains.Silo.Api;

/// <summary>The internal query API under <c>/api</c>; grain calls go through <see cref="GrainCallFilter"/>.</summary>
public static class SentryGrainsApi
{
    public static RouteGroupBuilder MapSentryGrainsApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api")
            .AddEndpointFilter<GrainCallFilter>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .MapIssuesApi()
            .MapInstallationsApi()
            .MapSeerRunsApi()
            .MapMetricAlertsApi();
}
