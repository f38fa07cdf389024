using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Sentry.Grains.Silo.Health;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (every check tagged <c>ready</c> passes).</summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddSentryGrainsHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapSentryGrainsHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
