using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>
/// An Orleans client as an internal .NET service would run it: its own host, configuration only
/// (Orleans:ClusterId/ServiceId, Orleans:Clustering with AdoNet + Npgsql + ConnectionName), finding
/// the silos' gateways in the membership table. It needs the grain interfaces of
/// Sentry.Grains.Abstractions and nothing of the service.
/// </summary>
public sealed class ExternalClient : IAsyncDisposable
{
    private readonly IHost host;

    private ExternalClient(IHost host) => this.host = host;

    public IClusterClient Client => host.Services.GetRequiredService<IClusterClient>();

    public static async Task<ExternalClient> ConnectAsync(string connectionString, string clusterId, string serviceId = "sentry-grains")
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = clusterId,
            ["Orleans:ServiceId"] = serviceId,
            ["Orleans:Clustering:ProviderType"] = "AdoNet",
            ["Orleans:Clustering:Invariant"] = "Npgsql",
            ["Orleans:Clustering:ConnectionName"] = PostgresSettings.ConnectionName,
            [$"ConnectionStrings:{PostgresSettings.ConnectionName}"] = connectionString,
        });
        builder.UseOrleansClient();
        var host = builder.Build();
        await host.StartAsync();
        return new ExternalClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
