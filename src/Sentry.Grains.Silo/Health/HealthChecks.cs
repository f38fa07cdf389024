namespace Sentry.Grains.Silo.Health;

/// <summary>The readiness checks of this service; the endpoints are ServiceDefaults' <c>MapDefaultEndpoints</c>.</summary>
public static class HealthEndpoints
{
    public static IServiceCollection AddSentryGrainsHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddReadinessCheck<SiloHealthCheck>("silo");
        return services;
    }
}
