using Sentry.Grains.Installations;
using Sentry.Grains.SentryApi;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>A <see cref="GrainCluster"/> whose grains talk to a <see cref="FakeSentry"/> on 127.0.0.1 stamping tokens with the cluster's fake clock.</summary>
public sealed class InstallationCluster : IAsyncLifetime
{
    public GrainCluster GrainCluster { get; } = new();

    public FakeSentry Sentry { get; private set; } = null!;

    public IGrainFactory Grains => GrainCluster.Grains;

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time => GrainCluster.Time;

    public async Task InitializeAsync()
    {
        Sentry = await FakeSentry.StartAsync(GrainCluster.ClientId, GrainCluster.ClientSecret, GrainCluster.Time);
        GrainCluster.Settings[$"{SentryOptions.SectionName}:BaseUrl"] = Sentry.BaseUrl.ToString();
        await GrainCluster.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await GrainCluster.DisposeAsync();
        await Sentry.DisposeAsync();
    }

    public IInstallationGrain Installation(string uuid) => Grains.GetGrain<IInstallationGrain>(uuid);

    /// <summary>An <c>installation.created</c> command for <paramref name="uuid"/>, delivered now (by the fake clock).</summary>
    public InstallationChanged Created(string uuid, string? code = null) => Delivered(InstallationBodies.Edit("installation.created", uuid, code ?? InstallationBodies.NewCode()));

    /// <summary>An <c>installation.deleted</c> command for <paramref name="uuid"/>, delivered now (by the fake clock).</summary>
    public InstallationChanged Deleted(string uuid) => Delivered(InstallationBodies.Edit("installation.deleted", uuid, null));

    /// <summary>Creates <paramref name="uuid"/> and waits until it is installed.</summary>
    public async Task<InstallationSnapshot> InstallAsync(string uuid)
    {
        Assert.Equal(WebhookOutcome.Applied, await Installation(uuid).ApplyAsync(Created(uuid)));
        return (await Eventually.ThatAsync(() => Installation(uuid).GetAsync(), s => s?.Status == InstallationStatus.Installed, $"{uuid} installed"))!;
    }

    private InstallationChanged Delivered(string body)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        var now = Time.GetUtcNow();
        var delivery = TestDeliveries.Received(TestDeliveries.Digest(bytes), now, now);
        return Assert.IsType<InstallationChanged>(WebhookParser.Parse("installation", bytes, delivery).Command);
    }
}
