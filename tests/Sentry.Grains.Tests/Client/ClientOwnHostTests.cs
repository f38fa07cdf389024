using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sentry.Grains.Client;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Client;

/// <summary>
/// The client against a service of the test's own: one that requires API keys (registered through
/// <see cref="SentryGrainsClientServiceCollectionExtensions.AddSentryGrainsClient"/>), and one whose feed is pruned.
/// </summary>
public sealed class ClientOwnHostTests
{
    [Fact]
    public async Task AddSentryGrainsClient_sends_the_api_key_and_a_wrong_key_is_a_401_with_problem_details()
    {
        await using var host = await ServiceHost.StartAsync($"--Api:Keys:0={ServiceHost.ApiKey}");
        Assert.Equal("applied", await host.Webhooks.SendOkAsync("metric_alert", ClientBodies.MetricAlert("warning", "51001")));

        await using var services = new ServiceCollection().AddSentryGrainsClient(host.Address, ServiceHost.ApiKey).Services.BuildServiceProvider();
        var alerts = await services.GetRequiredService<SentryGrainsClient>().ListMetricAlertsAsync(new MetricAlertFilter { Status = MetricAlertStatus.Warning });
        Assert.Equal(["51001"], alerts.Items.Select(a => a.Key));

        await using var wrong = new ServiceCollection().AddSentryGrainsClient(host.Address, "not-the-key").Services.BuildServiceProvider();
        var refused = await Assert.ThrowsAsync<SentryGrainsClientException>(() => wrong.GetRequiredService<SentryGrainsClient>().ListMetricAlertsAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("An API key is required", refused.Title);
    }

    [Fact]
    public async Task A_cursor_behind_the_retention_throws_gone_with_the_oldest_cursor_to_start_again_from()
    {
        await using var host = await ServiceHost.StartAsync();
        var client = new SentryGrainsClient(host.Http);
        var start = (await client.ReadChangesAsync()).Next;
        Assert.Equal("applied", await host.Webhooks.SendOkAsync("comment", ClientBodies.Comment("52001", 1)));
        var kept = (await client.ReadChangesAsync(start)).Next;
        await Task.Delay(50);
        var cutoff = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        Assert.Equal("applied", await host.Webhooks.SendOkAsync("comment", ClientBodies.Comment("52001", 2)));

        // What Changes:Retention's pruning does, with the cut between the two comments.
        Assert.Equal(1, await host.Services.GetRequiredService<IReadModelStore>().PruneChangesAsync(cutoff, CancellationToken.None));

        var gone = await Assert.ThrowsAsync<ChangeFeedExpiredException>(() => client.ReadChangesAsync(start));
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal("The cursor is older than the feed keeps", gone.Title);
        Assert.NotNull(gone.Oldest);

        var restarted = await client.ReadChangesAsync(gone.Oldest);
        Assert.Equal(["note 2"], restarted.Entries.Select(e => e.Item!.Value.GetProperty("text").GetString()));
        Assert.Equal(["note 2"], (await client.ReadChangesAsync(kept)).Entries.Select(e => e.Item!.Value.GetProperty("text").GetString()));

        // A follower that fell behind learns it the same way.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var followed = await Assert.ThrowsAsync<ChangeFeedExpiredException>(async () =>
        {
            await foreach (var _ in client.FollowChangesAsync(start, cancellationToken: patience.Token))
            {
            }
        });
        Assert.Equal(gone.Oldest, followed.Oldest);
    }
}
