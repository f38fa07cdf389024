using Orleans.Runtime;

namespace Sentry.Grains.Silo.Health;

/// <summary>The cheap part of readiness, for the request path: this silo is an active cluster member and the host is not stopping.</summary>
public sealed class SiloReadiness(ILocalSiloDetails localSilo, IClusterMembershipService membership, IHostApplicationLifetime lifetime)
{
    public bool IsReady =>
        !lifetime.ApplicationStopping.IsCancellationRequested
        && membership.CurrentSnapshot.GetSiloStatus(localSilo.SiloAddress) == SiloStatus.Active;
}
