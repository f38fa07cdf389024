using System.Net.Http.Headers;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>
/// The real service on 127.0.0.1 with <c>Sentry:BaseUrl</c> pointing at a <see cref="FakeSentry"/>, in Development
/// with an API key configured (so the key is required); <see cref="ServiceHost.Http"/> sends it. Its logs go to <see cref="Logs"/>.
/// </summary>
public sealed class InstallationHost : IAsyncLifetime
{
    public FakeSentry Sentry { get; private set; } = null!;

    public ServiceHost Host { get; private set; } = null!;

    /// <summary>Everything the service logged (its own categories and HttpClient at every level).</summary>
    public LogCapture Logs { get; } = new();

    public async Task InitializeAsync()
    {
        Sentry = await FakeSentry.StartAsync(ServiceHost.ClientId, ServiceHost.Secret);
        Host = await ServiceHost.StartAsync(Logs.AttachTo, $"--Sentry:BaseUrl={Sentry.BaseUrl}", $"--Api:Keys:0={ServiceHost.ApiKey}");
        Host.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServiceHost.ApiKey);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Sentry.DisposeAsync();
    }
}
