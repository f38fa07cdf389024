using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sentry.Grains.Installations;
using Sentry.Grains.Reconciliation;
using Sentry.Grains.SentryApi;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>
/// A <see cref="GrainCluster"/> (the grains' clock under the test's control) against a <see cref="FakeSentry"/> on
/// 127.0.0.1 on the same clock, for reconciliations across days: webhooks are delivered straight to the grains.
/// </summary>
public sealed class ReconcileCluster : IAsyncLifetime
{
    public GrainCluster GrainCluster { get; } = new();

    public FakeSentry Sentry { get; private set; } = null!;

    public IGrainFactory Grains => GrainCluster.Grains;

    public FakeTimeProvider Time => GrainCluster.Time;

    public IServiceProvider Services => GrainCluster.Cluster.GetSiloServiceProvider();

    public async Task InitializeAsync()
    {
        Sentry = await FakeSentry.StartAsync(GrainCluster.ClientId, GrainCluster.ClientSecret, GrainCluster.Time);
        GrainCluster.Settings[$"{SentryOptions.SectionName}:BaseUrl"] = Sentry.BaseUrl.ToString();

        // The clock only moves when a test moves it: a budget that never has to wait for it.
        GrainCluster.Settings[$"{ReconcileOptions.SectionName}:RequestsPerSecond"] = "1000";
        GrainCluster.Settings[$"{ReconcileOptions.SectionName}:Burst"] = "100";
        await GrainCluster.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await GrainCluster.DisposeAsync();
        await Sentry.DisposeAsync();
    }

    /// <summary>Creates installation <paramref name="uuid"/> and waits until it is installed.</summary>
    public async Task InstallAsync(string uuid)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(InstallationBodies.Edit("installation.created", uuid, InstallationBodies.NewCode()));
        var created = Assert.IsType<InstallationChanged>(WebhookParser.Parse("installation", body, Now(body)).Command);
        Assert.Equal(WebhookOutcome.Applied, await Grains.GetGrain<IInstallationGrain>(uuid).ApplyAsync(created));
        await Eventually.ThatAsync(() => Grains.GetGrain<IInstallationGrain>(uuid).GetAsync(), s => s?.Status == InstallationStatus.Installed, $"{uuid} installed");
    }

    /// <summary>A webhook body parsed as the host would, received now (by the fake clock) with Sentry-Hook-Timestamp now.</summary>
    public T Parse<T>(string resource, byte[] body) where T : IWebhookCommand =>
        Assert.IsType<T>(WebhookParser.Parse(resource, body, Now(body)).Command);

    private Delivery Now(byte[] body)
    {
        var now = Time.GetUtcNow();
        return TestDeliveries.Received(TestDeliveries.Digest(body), DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()), now);
    }
}
