using Sentry.Grains.Installations;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Installations;

/// <summary>
/// A refreshed pair that Sentry issued but the service never stored (its state write failed): the next refresh is
/// refused, and the installation recovers through Sentry's manual refresh instead of ending <c>failed</c>.
/// </summary>
public sealed class InstallationRecoveryTests(InstallationCluster cluster) : IClassFixture<InstallationCluster>
{
    private FakeSentry Sentry => cluster.Sentry;

    [Fact]
    public async Task A_refused_refresh_is_recovered_once_through_the_manual_refresh()
    {
        var uuid = InstallationBodies.NewUuid();
        var installed = await cluster.InstallAsync(uuid);
        var grain = cluster.Installation(uuid);
        using var metrics = new MetricsCollector(cluster.GrainCluster.Cluster.GetSiloServiceProvider());
        Sentry.SimulateLostRefresh(uuid);

        cluster.Time.Advance(installed.NextAttemptAt!.Value - cluster.Time.GetUtcNow());
        var recovered = (await Eventually.ThatAsync(() => grain.GetAsync(), s => s!.LastRefreshedAt is not null || s.Status != InstallationStatus.Installed, "the refresh"))!;

        Assert.Equal(InstallationStatus.Installed, recovered.Status);
        Assert.Equal([401], Sentry.CallsTo(FakeSentryEndpoint.Refresh, uuid).Select(c => c.Status));
        Assert.Equal([201], Sentry.CallsTo(FakeSentryEndpoint.ManualRefresh, uuid).Select(c => c.Status));
        Assert.StartsWith("Sentry answered 401 Unauthorized to the token refresh: Invalid refresh token.", recovered.LastError, StringComparison.Ordinal);
        Assert.EndsWith("Recovered with Sentry's manual refresh.", recovered.LastError, StringComparison.Ordinal);
        Assert.Equal((0, cluster.Time.GetUtcNow() + FakeSentry.TokenLifetime), (recovered.RefreshFailures, recovered.TokenExpiresAt));
        Assert.Equal(Sentry.CurrentToken(uuid), (await grain.GetTokenAsync()).Token);
        Assert.Contains(metrics.Of("sentry_grains.installation.token_refreshes"), m => m.Tags["outcome"] == "recovered");

        // The recovered pair is stored: the next refresh uses its refresh token as usual.
        cluster.Time.Advance(recovered.NextAttemptAt!.Value - cluster.Time.GetUtcNow());
        await Eventually.UntilAsync(() => Sentry.CallsTo(FakeSentryEndpoint.Refresh, uuid).Count == 2, "the next refresh");
        Assert.Equal([401, 201], Sentry.CallsTo(FakeSentryEndpoint.Refresh, uuid).Select(c => c.Status));
        Assert.Single(Sentry.CallsTo(FakeSentryEndpoint.ManualRefresh, uuid));
    }

    [Fact]
    public async Task When_the_manual_refresh_is_refused_too_the_installation_fails_with_both_reasons()
    {
        var uuid = InstallationBodies.NewUuid();
        var installed = await cluster.InstallAsync(uuid);
        var grain = cluster.Installation(uuid);
        Sentry.SimulateLostRefresh(uuid);
        Sentry.SetManualRefresh(uuid, enabled: false);

        cluster.Time.Advance(installed.NextAttemptAt!.Value - cluster.Time.GetUtcNow());
        var failed = (await Eventually.ThatAsync(() => grain.GetAsync(), s => s!.Status == InstallationStatus.Failed, "failed"))!;

        Assert.Contains("Invalid refresh token", failed.FailureReason, StringComparison.Ordinal);
        Assert.Contains("Manual token refresh is not enabled for this organization", failed.FailureReason, StringComparison.Ordinal);
        Assert.Single(Sentry.CallsTo(FakeSentryEndpoint.Refresh, uuid));
        Assert.Single(Sentry.CallsTo(FakeSentryEndpoint.ManualRefresh, uuid));
    }
}
