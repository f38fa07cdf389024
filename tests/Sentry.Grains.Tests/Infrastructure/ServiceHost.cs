using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sentry.Grains.Silo;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>
/// The real service (ASP.NET Core + Orleans silo) on Kestrel at 127.0.0.1, with its own free silo and
/// gateway ports, built exactly as Program.cs builds it, plus the settings a test adds.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    public const string Secret = "test-secret";
    public const string PreviousSecret = "old-secret";

    private ServiceHost(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
        Webhooks = new WebhookClient(Http, Secret);
    }

    public WebApplication App { get; }
    public Uri Address { get; }
    public HttpClient Http { get; }
    public WebhookClient Webhooks { get; }
    public IServiceProvider Services => App.Services;

    public static async Task<ServiceHost> StartAsync(params string[] settings)
    {
        string[] args =
        [
            "--environment=Development",
            "--urls=http://127.0.0.1:0",
            $"--Orleans:Endpoints:SiloPort={FreePorts.Next()}",
            $"--Orleans:Endpoints:GatewayPort={FreePorts.Next()}",
            $"--Sentry:ClientSecret={Secret}",
            $"--Sentry:PreviousClientSecret={PreviousSecret}",
            "--Logging:LogLevel:Default=Warning",
            "--Shutdown:DrainDelay=00:00:00",
            .. settings,
        ];
        var app = SentryGrainsApp.Build(args);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServiceHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>One service for a whole test class.</summary>
public sealed class ServiceHostFixture : IAsyncLifetime
{
    private ServiceHost? host;

    public ServiceHost Host => host ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => host = await ServiceHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
