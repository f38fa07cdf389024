using Microsoft.Extensions.Options;
using Sentry.Grains.Silo.Configuration;

namespace Sentry.Grains.Silo.Api;

/// <summary>The internal query API under <c>/api</c>, behind <see cref="ApiKeyFilter"/>; grain calls go through <see cref="GrainCallFilter"/>.</summary>
public static class SentryGrainsApi
{
    public static WebApplicationBuilder AddSentryGrainsApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        builder.Services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<ApiKeys>();
        return builder;
    }

    public static RouteGroupBuilder MapSentryGrainsApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api")
            .AddEndpointFilter<ApiKeyFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .AddEndpointFilter<GrainCallFilter>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .MapIssuesApi()
            .MapInstallationsApi()
            .MapSeerRunsApi()
            .MapMetricAlertsApi()
            .MapChangesApi()
            .MapReconcileApi();
}
