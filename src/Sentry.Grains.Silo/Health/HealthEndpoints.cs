using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Sentry.Grains.Silo.Configuration;
using Sentry.Grains.Silo.Database;

namespace Sentry.Grains.Silo.Health;

/// <summary>
/// <c>/health/live</c> (the process answers; no checks) and <c>/health/ready</c> (every check tagged
/// <c>ready</c> passes: this silo is an active cluster member and not stopping, and, with AdoNet
/// providers, their database answers). Also the graceful-shutdown drain that makes readiness fail first.
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddSentryGrainsHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo", tags: [ReadyTag]);
        if (AdoNetProviders.Read(configuration).Count > 0)
        {
            // A singleton (AddCheck<T> would make one per run): it remembers an outage to clear the pools after.
            services.AddSingleton<DatabaseHealthCheck>();
            checks.AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
        }

        services.AddOptions<ShutdownOptions>()
            .Bind(configuration.GetSection(ShutdownOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) =>
            host.ShutdownTimeout = shutdown.Value.DrainDelay + shutdown.Value.Timeout);
        services.AddHostedService<ReadinessDrain>();
        return services;
    }

    public static IEndpointRouteBuilder MapSentryGrainsHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
