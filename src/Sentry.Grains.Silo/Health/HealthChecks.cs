using Microsoft.Extensions.Options;
using Sentry.Grains.Silo.Configuration;
using Sentry.Grains.Silo.Database;

namespace Sentry.Grains.Silo.Health;

/// <summary>
/// The readiness checks behind ServiceDefaults' <c>/health/ready</c> (this silo is an active cluster
/// member and not stopping, and, with AdoNet providers, their database answers; <c>/health/live</c> has
/// no checks), and the graceful-shutdown drain that makes readiness fail first.
/// </summary>
public static class HealthChecks
{
    public static IServiceCollection AddSentryGrainsHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks().AddReadinessCheck<SiloHealthCheck>("silo");
        if (AdoNetProviders.Read(configuration).Count > 0)
        {
            // A singleton (AddCheck<T> would make one per run): it remembers an outage to clear the pools after.
            services.AddSingleton<DatabaseHealthCheck>();
            checks.AddReadinessCheck<DatabaseHealthCheck>("database");
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
}
