using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Sentry.Grains.LoadTest;

/// <summary>An Orleans client on the silo's gateway, to count activations and collect idle ones.</summary>
public sealed class GrainCounter : IAsyncDisposable
{
    private readonly IHost host;

    private GrainCounter(IHost host) => this.host = host;

    public static async Task<GrainCounter> ConnectAsync(int gatewayPort, string serviceId, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .UseStaticClustering(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, gatewayPort))
            .Configure<Orleans.Configuration.ClusterOptions>(cluster => (cluster.ServiceId, cluster.ClusterId) = (serviceId, clusterId)));
        var host = builder.Build();
        await host.StartAsync();
        return new GrainCounter(host);
    }

    private IManagementGrain Management => host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);

    public Task<int> ActivationsAsync() => Management.GetTotalActivationCount();

    /// <summary>Deactivates every activation idle for at least <paramref name="idle"/> (what idle collection does after its age limit).</summary>
    public Task CollectIdleAsync(TimeSpan idle) => Management.ForceActivationCollection(idle);

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
