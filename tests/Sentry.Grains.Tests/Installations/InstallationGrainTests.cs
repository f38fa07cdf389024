using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sentry.Grains.Installations;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Tests.Infrastructure;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Installations;

/// <summary>
/// The installation grain on a TestingHost cluster against a fake Sentry on 127.0.0.1, with the grains'
/// clock under the test's control: exchange, retries, refresh, single flight, delete and what is stored.
/// </summary>
public sealed class InstallationGrainTests(InstallationCluster cluster) : IClassFixture<InstallationCluster>
{
    private FakeSentry Sentry => cluster.Sentry;

    [Fact]
    public async Task Created_exchanges_the_code_once_verifies_and_installs()
    {
        var uuid = InstallationBodies.NewUuid();
        var grain = cluster.Installation(uuid);

        var installed = await cluster.InstallAsync(uuid);

        Assert.Equal(1, installed.Attempts);
        Assert.Equal("test-org", installed.OrganizationSlug);
        Assert.Equal(cluster.Time.GetUtcNow() + FakeSentry.TokenLifetime, installed.TokenExpiresAt);
        Assert.Equal(installed.TokenExpiresAt - TimeSpan.FromMinutes(5), installed.NextAttemptAt);
        Assert.Contains("org:read", installed.Scopes);
        Assert.Equal(201, Assert.Single(Sentry.CallsTo(FakeSentryEndpoint.Exchange, uuid)).Status);
        Assert.Equal(200, Assert.Single(Sentry.CallsTo(FakeSentryEndpoint.Verify, uuid)).Status);

        var token = await grain.GetTokenAsync();
        Assert.Equal(TokenOutcome.Issued, token.Outcome);
        Assert.Equal(Sentry.CurrentToken(uuid), token.Token);
        Assert.DoesNotContain(token.Token!, token.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_backoff_until_installed_and_attempts_show()
    {
        var uuid = InstallationBodies.NewUuid();
        var grain = cluster.Installation(uuid);
        Sentry.FailNext(uuid, FakeSentryEndpoint.Exchange, 2, HttpStatusCode.InternalServerError);

        Assert.Equal(WebhookOutcome.Applied, await grain.ApplyAsync(cluster.Created(uuid)));
        var first = await Eventually.ThatAsync(() => grain.GetAsync(), s => s!.Attempts == 1 && s.LastError is not null, "the first attempt");
        Assert.Equal(InstallationStatus.Pending, first!.Status);
        Assert.Contains("500", first.LastError, StringComparison.Ordinal);
        Assert.InRange(first.NextAttemptAt!.Value - first.LastErrorAt!.Value, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));

        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        var second = await Eventually.ThatAsync(() => grain.GetAsync(), s => s!.Attempts == 2, "the second attempt");
        Assert.Equal(InstallationStatus.Pending, second!.Status);
        Assert.InRange(second.NextAttemptAt!.Value - second.LastErrorAt!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        cluster.Time.Advance(TimeSpan.FromSeconds(2));
        var installed = await Eventually.ThatAsync(() => grain.GetAsync(), s => s!.Status == InstallationStatus.Installed, "installed");
        Assert.Equal(3, installed!.Attempts);
        Assert.Contains("500", installed.LastError, StringComparison.Ordinal);
        Assert.Equal([500, 500, 201], Sentry.CallsTo(FakeSentryEndpoint.Exchange, uuid).Select(c => c.Status));
        Assert.Single(Sentry.CallsTo(FakeSentryEndpoint.Verify, uuid));
    }

    [Fact]
    public async Task A_refused_code_fails_the_installation_with_the_reason()
    {
        var uuid = InstallationBodies.NewUuid();
        var grain = cluster.Installation(uuid);
        Sentry.FailNext(uuid, FakeSentryEndpoint.Exchange, 1, HttpStatusCode.BadRequest);

        await grain.ApplyAsync(cluster.Created(uuid));
        var failed = await Eventually.ThatAsync(() => grain.GetAsync(), s => s!.Status == InstallationStatus.Failed, "failed");

        Assert.Contains("400", failed!.FailureReason, StringComparison.Ordinal);
        Assert.Contains("code exchange", failed.FailureReason, StringComparison.Ordinal);
        Assert.Null(failed.NextAttemptAt);
        Assert.Single(Sentry.CallsTo(FakeSentryEndpoint.Exchange, uuid));
        Assert.Empty(Sentry.CallsTo(FakeSentryEndpoint.Verify, uuid));
        var token = await grain.GetTokenAsync();
        Assert.Equal((TokenOutcome.NotInstalled, InstallationStatus.Failed), (token.Outcome, token.Status));
        Assert.Null(await cluster.GrainCluster.ReminderOfAsync(grain));
    }

    [Fact]
    public async Task The_same_created_twice_exchanges_the_code_once()
    {
        var uuid = InstallationBodies.NewUuid();
        var grain = cluster.Installation(uuid);
        var created = cluster.Created(uuid);

        Assert.Equal(WebhookOutcome.Applied, await grain.ApplyAsync(created));
        Assert.Equal(WebhookOutcome.Duplicate, await grain.ApplyAsync(created with { Delivery = created.Delivery with { RequestId = TestDeliveries.NewRequestId() } }));
        await Eventually.ThatAsync(() => grain.GetAsync(), s => s!.Status == InstallationStatus.Installed, "installed");
        Assert.Equal(WebhookOutcome.Duplicate, await grain.ApplyAsync(created));

        Assert.Single(Sentry.CallsTo(FakeSentryEndpoint.Exchange, uuid));
    }

    [Fact]
    public async Task Passing_expiry_minus_skew_refreshes_exactly_once_with_nobody_asking()
    {
        var uuid = InstallationBodies.NewUuid();
        var installed = await cluster.InstallAsync(uuid);
        var refreshAt = installed.NextAttemptAt!.Value;
        Assert.Equal(installed.TokenExpiresAt!.Value - TimeSpan.FromMinutes(5), refreshAt);
        var firstToken = Sentry.CurrentToken(uuid);
        using var metrics = new MetricsCollector(cluster.GrainCluster.Cluster.GetSiloServiceProvider());

        cluster.Time.Advance(refreshAt - cluster.Time.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.Null((await cluster.Installation(uuid).GetAsync())!.LastRefreshedAt);
        Assert.Empty(Sentry.CallsTo(FakeSentryEndpoint.Refresh, uuid));

        cluster.Time.Advance(TimeSpan.FromSeconds(2));
        var refreshed = await Eventually.ThatAsync(() => cluster.Installation(uuid).GetAsync(), s => s!.LastRefreshedAt is not null, "the refresh");

        Assert.Equal(201, Assert.Single(Sentry.CallsTo(FakeSentryEndpoint.Refresh, uuid)).Status);
        Assert.Equal(cluster.Time.GetUtcNow() + FakeSentry.TokenLifetime, refreshed!.TokenExpiresAt);
        Assert.Equal(refreshed.TokenExpiresAt - TimeSpan.FromMinutes(5), refreshed.NextAttemptAt);
        var token = await cluster.Installation(uuid).GetTokenAsync();
        Assert.NotEqual(firstToken, token.Token);
        Assert.Equal(Sentry.CurrentToken(uuid), token.Token);
        Assert.Single(Sentry.CallsTo(FakeSentryEndpoint.Refresh, uuid));

        // Other installations of this cluster may refresh too as the clock moves: at least this one is counted.
        var refreshes = metrics.Of("sentry_grains.installation.token_refreshes").ToList();
        Assert.NotEmpty(refreshes);
        Assert.All(refreshes, m => Assert.Equal("succeeded", m.Tags["outcome"]));
    }

    [Fact]
    public async Task Fifty_concurrent_token_requests_during_a_refresh_make_one_refresh_call()
    {
        var uuid = InstallationBodies.NewUuid();
        var installed = await cluster.InstallAsync(uuid);
        var grain = cluster.Installation(uuid);

        Task<InstallationTokenResult>[] requests;
        using (Sentry.Hold(uuid, FakeSentryEndpoint.Refresh))
        {
            cluster.Time.Advance(installed.NextAttemptAt!.Value - cluster.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
            requests = [.. Enumerable.Range(0, 50).Select(_ => grain.GetTokenAsync())];
            await Eventually.UntilAsync(() => Sentry.Arrived(uuid, FakeSentryEndpoint.Refresh) == 1, "the refresh to reach Sentry");
            Assert.All(requests, request => Assert.False(request.IsCompleted)); // all wait for the refresh in flight
        }

        var results = await Task.WhenAll(requests);
        var refreshed = Sentry.CurrentToken(uuid);
        Assert.All(results, result => Assert.Equal((TokenOutcome.Issued, refreshed), (result.Outcome, result.Token)));
        Assert.Equal(1, Sentry.Arrived(uuid, FakeSentryEndpoint.Refresh));
        Assert.Single(Sentry.CallsTo(FakeSentryEndpoint.Refresh, uuid));
    }

    [Fact]
    public async Task A_reminder_tick_wakes_a_deactivated_installation_to_refresh_once()
    {
        var uuid = InstallationBodies.NewUuid();
        var installed = await cluster.InstallAsync(uuid);
        var grain = cluster.Installation(uuid);

        var reminder = await cluster.GrainCluster.ReminderOfAsync(grain);
        Assert.NotNull(reminder);
        Assert.Equal(InstallationSchedule.ReminderPeriod, reminder.Period);

        await cluster.GrainCluster.Cluster.DeactivateAsync(grain);
        cluster.Time.Advance(installed.NextAttemptAt!.Value - cluster.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
        Assert.Empty(Sentry.CallsTo(FakeSentryEndpoint.Refresh, uuid)); // no activation, no timer: only the reminder can wake it

        await grain.AsReference<IRemindable>().ReceiveReminder(
            InstallationGrain.ReminderName, new TickStatus(DateTime.UtcNow, InstallationSchedule.ReminderPeriod, DateTime.UtcNow));
        await Eventually.ThatAsync(() => grain.GetAsync(), s => s!.LastRefreshedAt is not null, "the refresh");

        Assert.Single(Sentry.CallsTo(FakeSentryEndpoint.Refresh, uuid));
        Assert.Equal(Sentry.CurrentToken(uuid), (await grain.GetTokenAsync()).Token);
    }

    [Fact]
    public async Task Stored_state_holds_tokens_only_encrypted()
    {
        var uuid = InstallationBodies.NewUuid();
        var code = InstallationBodies.NewCode();
        var grain = cluster.Installation(uuid);
        await grain.ApplyAsync(cluster.Created(uuid, code));
        var installed = await Eventually.ThatAsync(() => grain.GetAsync(), s => s!.Status == InstallationStatus.Installed, "installed");
        cluster.Time.Advance(installed!.NextAttemptAt!.Value - cluster.Time.GetUtcNow());
        await Eventually.ThatAsync(() => grain.GetAsync(), s => s!.LastRefreshedAt is not null, "the refresh");

        var stored = StoredState.Read(cluster.GrainCluster.Cluster.GetSiloServiceProvider(), grain, "installation");
        var secrets = Sentry.IssuedSecrets(uuid);
        Assert.Equal(4, secrets.Count); // two token pairs: exchanged, refreshed
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, stored, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(code, stored, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(TokenKeyId, stored, StringComparison.Ordinal); // the ciphertexts and their key id are there
    }

    [Fact]
    public async Task Deleted_wipes_the_tokens_from_storage_cancels_the_reminder_and_stays_deleted()
    {
        var uuid = InstallationBodies.NewUuid();
        await cluster.InstallAsync(uuid);
        var grain = cluster.Installation(uuid);
        Assert.Contains(TokenKeyId, StoredState.Read(cluster.GrainCluster.Cluster.GetSiloServiceProvider(), grain, "installation"), StringComparison.Ordinal);

        Assert.Equal(WebhookOutcome.Applied, await grain.ApplyAsync(cluster.Deleted(uuid)));

        var stored = StoredState.Read(cluster.GrainCluster.Cluster.GetSiloServiceProvider(), grain, "installation");
        Assert.DoesNotContain(TokenKeyId, stored, StringComparison.Ordinal); // no ciphertext left
        Assert.All(Sentry.IssuedSecrets(uuid), secret => Assert.DoesNotContain(secret, stored, StringComparison.OrdinalIgnoreCase));
        Assert.Null(await cluster.GrainCluster.ReminderOfAsync(grain));
        var tombstone = (await grain.GetAsync())!;
        Assert.Equal((InstallationStatus.Deleted, "test-org", null, null), (tombstone.Status, tombstone.OrganizationSlug, tombstone.TokenExpiresAt, tombstone.NextAttemptAt));
        Assert.NotNull(tombstone.DeletedAt);
        var token = await grain.GetTokenAsync();
        Assert.Equal((TokenOutcome.NotInstalled, null), (token.Outcome, token.Token));

        Assert.Equal(WebhookOutcome.Stale, await grain.ApplyAsync(cluster.Created(uuid)));
        Assert.Equal(InstallationStatus.Deleted, (await grain.GetAsync())!.Status);
        Assert.Single(Sentry.CallsTo(FakeSentryEndpoint.Exchange, uuid));
    }

    [Fact]
    public async Task The_installation_list_shows_each_installation_under_its_status()
    {
        var installed = InstallationBodies.NewUuid();
        var failed = InstallationBodies.NewUuid();
        await cluster.InstallAsync(installed);
        Sentry.FailNext(failed, FakeSentryEndpoint.Exchange, 1, HttpStatusCode.Unauthorized);
        await cluster.Installation(failed).ApplyAsync(cluster.Created(failed));
        await Eventually.ThatAsync(() => cluster.Installation(failed).GetAsync(), s => s!.Status == InstallationStatus.Failed, "failed");

        var store = cluster.GrainCluster.Cluster.GetSiloServiceProvider().GetRequiredService<IReadModelStore>();
        async Task<IReadOnlyList<InstallationRow>> ListAsync(InstallationStatus? status) =>
            (await store.ListInstallationsAsync(new InstallationQuery { Status = status, Limit = PageQuery.MaxLimit }, default)).Rows;

        var onlyInstalled = await ListAsync(InstallationStatus.Installed);
        Assert.Contains(onlyInstalled, row => row.Key == installed && row.OrganizationSlug == "test-org");
        Assert.DoesNotContain(onlyInstalled, row => row.Key == failed);
        Assert.Contains(await ListAsync(InstallationStatus.Failed), row => row.Key == failed);
        var all = await ListAsync(null);
        Assert.Contains(all, row => row.Key == installed);
        Assert.Contains(all, row => row.Key == failed);
    }

    private static string TokenKeyId => TokenProtector.KeyIdOf(Convert.FromBase64String(GrainCluster.TokenEncryptionKey));
}
