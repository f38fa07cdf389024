using Microsoft.AspNetCore.Builder;
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
    public const string ClientId = "test-client-id";

    /// <summary>An API key tests may configure (<c>--Api:Keys:0=...</c>).</summary>
    public const string ApiKey = "test-api-key-0123456789abcdef";

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

    /// <summary>The co-hosted silo's grain factory (reads grains without going through HTTP).</summary>
    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public static Task<ServiceHost> StartAsync(params string[] settings) => StartAsync(null, settings);

    /// <summary>Starts the service with <paramref name="settings"/> and a last change to its builder (see <see cref="SentryGrainsApp.Build"/>).</summary>
    public static async Task<ServiceHost> StartAsync(Action<WebApplicationBuilder>? configure, params string[] settings)
    {
        string[] args =
        [
            "--environment=Development",
            "--urls=http://127.0.0.1:0",
            $"--Orleans:Endpoints:SiloPort={FreePorts.Next()}",
            $"--Orleans:Endpoints:GatewayPort={FreePorts.Next()}",
            $"--Sentry:ClientSecret={Secret}",
            $"--Sentry:PreviousClientSecret={PreviousSecret}",
            $"--Sentry:ClientId={ClientId}",
            $"--Sentry:TokenEncryptionKey={GrainCluster.TokenEncryptionKey}",
            $"--Sentry:BaseUrl=http://127.0.0.1:{FreePorts.Next()}/", // nothing listens: no test reaches the real sentry.io
            "--Sentry:RequestTimeout=00:00:30", // a loaded machine may answer slowly; tests count attempts
            "--Logging:LogLevel:Default=Warning",
            "--Shutdown:DrainDelay=00:00:00",
            .. settings,
        ];
        var app = SentryGrainsApp.Build(args, configure);
        await app.StartAsync();
        return new ServiceHost(app, LoopbackApp.AddressOf(app.Services));
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
