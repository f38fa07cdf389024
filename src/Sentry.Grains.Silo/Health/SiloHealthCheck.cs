using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Sentry.Grains.Silo.Health;

/// <summary>Ready while this silo is an active member of the cluster and the host is not stopping.</summary>
public sealed class SiloHealthCheck(
    ILocalSiloDetails localSilo,
    IClusterMembershipService membership,
    IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The silo is shutting down."));
        }

        var status = membership.CurrentSnapshot.GetSiloStatus(localSilo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("The silo is an active cluster member.")
            : HealthCheckResult.Unhealthy($"The silo is {status}."));
    }
}
