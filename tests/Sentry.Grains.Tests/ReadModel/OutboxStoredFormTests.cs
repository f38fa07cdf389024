using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Sentry.Grains.Issues;
using Sentry.Grains.MetricAlerts;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Storage;
using Sentry.Grains.Tests.Infrastructure;
using Sentry.Grains.Tests.Postgres;
using Xunit.Abstractions;

namespace Sentry.Grains.Tests.ReadModel;

/// <summary>
/// The head is stored without the row of the outbox entry at its own version (the head makes that row again), so a change
/// whose publication failed is at rest without its row; a head reloaded after a failed write makes the row again, and the
/// feed gets the row the change had, once. Entries at lower versions keep their row, and a head written with the row at
/// its version (by the previous build) publishes that row as it is.
/// </summary>
public sealed class OutboxStoredFormTests(ITestOutputHelper output)
{
    private const string IssueId = "6501";
    private const string AlertId = "4";

    [Fact]
    public async Task An_issue_head_is_stored_without_the_row_of_its_unpublished_change_and_after_a_reload_the_feed_gets_the_rows_the_changes_had()
    {
        var (host, store, storage, rows) = await StartAsync();
        await using var started = host;
        var grain = host.Grains.GetGrain<IIssueGrain>(IssueId).GetGrainId();
        foreach (var (resource, body) in new[]
        {
            ("issue", StateWriteFailureTests.IssueBody(IssueId, "created", "unresolved")),
            ("comment", StateWriteFailureTests.CommentBody(IssueId, "1", "first")),
            ("comment", StateWriteFailureTests.CommentBody(IssueId, "2", "second")),
            ("comment", CommentDeleted(IssueId, "1")),
        })
        {
            Assert.Equal("applied", await host.Webhooks.SendOkAsync(resource, body));
        }

        // Version 5 is written and not published: at rest without its row.
        store.Down = true;
        await AssertUnavailableAsync(host, "issue", StateWriteFailureTests.IssueBody(IssueId, "resolved", "resolved"));
        var payloadAt5 = rows.Payload(IssueStateName, grain)!;
        var stored = StoredHead<IssueHead>(host, rows, IssueStateName, grain);
        Assert.Equal(5, stored.Version);
        var resolved = Assert.Single(stored.Outbox.Pending);
        Assert.Equal((5L, IssueReadModel.Status), (resolved.Version, resolved.Kind));
        Assert.Null(resolved.Row);

        // Version 6 too: now version 5 is below the head's and keeps its row at rest.
        await AssertUnavailableAsync(host, "comment", StateWriteFailureTests.CommentBody(IssueId, "3", "third"));
        stored = StoredHead<IssueHead>(host, rows, IssueStateName, grain);
        Assert.Equal([5L, 6L], stored.Outbox.Pending.Select(p => p.Version));
        var kept = Assert.IsType<IssueRow>(stored.Outbox.Pending[0].Row);
        Assert.Equal(("resolved", 1L), (kept.Status, kept.CommentCount));
        Assert.Null(stored.Outbox.Pending[1].Row);

        // What leaving the row out saves: the head at version 5 as it would be with its row (the one stored now).
        var withRow = StoredHead<IssueHead>(host, rows, IssueStateName, grain, payloadAt5);
        withRow.Outbox.Pending[0] = withRow.Outbox.Pending[0] with { Row = kept };
        var withRowBytes = host.Services.GetRequiredService<IGrainStorageSerializer>().Serialize(withRow).ToArray().Length;
        output.WriteLine($"issue head at version 5: {payloadAt5.Length} B stored, {withRowBytes} B with the row");
        Assert.True(withRowBytes - payloadAt5.Length > 100, $"{payloadAt5.Length} B stored, {withRowBytes} B with the row");

        // The next write fails: the grain reloads its head (version 6, without its row) and makes the row again from it.
        storage.FailNextWriteOf(IssueStateName);
        var fourth = StateWriteFailureTests.CommentBody(IssueId, "4", "fourth");
        await AssertUnavailableAsync(host, "comment", fourth);

        store.Down = false;
        Assert.Equal("applied", await host.Webhooks.SendOkAsync("comment", fourth));
        var changes = await FeedEntries.OfAsync(host, "issue", IssueId, 7);
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], changes.Select(c => c.GetProperty("version").GetInt64()));
        Assert.Equal(
            [
                ("issue.status", "resolved", 1L, "Issue 6501"),
                ("comment.created", "resolved", 2L, "Issue 6501"),
                ("comment.created", "resolved", 3L, "Issue 6501"),
            ],
            changes.Skip(4).Select(c => (c.GetProperty("kind").GetString(), FeedEntries.Row(c).GetProperty("status").GetString(), FeedEntries.Row(c).GetProperty("commentCount").GetInt64(), FeedEntries.Row(c).GetProperty("title").GetString())));
        Assert.All(changes, c => Assert.Equal(c.GetProperty("version").GetInt64(), FeedEntries.Row(c).GetProperty("version").GetInt64()));
    }

    [Fact]
    public async Task A_metric_alert_head_is_stored_without_the_row_of_its_unpublished_change_and_after_a_reload_the_feed_gets_the_row_it_had()
    {
        var (host, store, storage, rows) = await StartAsync();
        await using var started = host;
        var grain = host.Grains.GetGrain<IMetricAlertGrain>(AlertId).GetGrainId();

        store.Down = true;
        await AssertUnavailableAsync(host, "metric_alert", Fixtures.Bytes("metric_alert.critical"));
        var stored = StoredHead<MetricAlertHead>(host, rows, MetricAlertGrain.StateName, grain);
        Assert.Equal(1, stored.Version);
        Assert.Null(Assert.Single(stored.Outbox.Pending).Row);

        storage.FailNextWriteOf(MetricAlertGrain.StateName);
        var resolved = Fixtures.Bytes("metric_alert.resolved");
        await AssertUnavailableAsync(host, "metric_alert", resolved);

        store.Down = false;
        Assert.Equal("applied", await host.Webhooks.SendOkAsync("metric_alert", resolved));
        var changes = await FeedEntries.OfAsync(host, "metric_alert", AlertId, 2);
        Assert.Equal(
            [(1L, "critical"), (2L, "resolved")],
            changes.Select(c => (FeedEntries.Row(c).GetProperty("version").GetInt64(), FeedEntries.Row(c).GetProperty("status").GetString())));
        Assert.Equal("Sacred Marmot", FeedEntries.Row(changes[0]).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_head_written_with_the_row_at_its_version_by_the_previous_build_publishes_that_row_as_it_is()
    {
        var (host, _, _, rows) = await StartAsync();
        await using var started = host;
        var grain = host.Grains.GetGrain<IIssueGrain>(IssueId).GetGrainId();
        var head = new IssueHead { Version = 1, UpdatedAt = TestDeliveries.Epoch };
        head.Outbox.Add(IssueReadModel.Created, 1, TestDeliveries.Epoch, new IssueRow { Key = IssueId, Version = 1, UpdatedAt = TestDeliveries.Epoch, Title = "as stored", Status = "unresolved" });
        await rows.WriteStateAsync(IssueStateName, grain, new GrainState<IssueHead>(head));

        Assert.NotNull(await host.Webhooks.GetJsonAsync($"/api/issues/{IssueId}")); // activates it

        var change = Assert.Single(await FeedEntries.OfAsync(host, "issue", IssueId, 1));
        Assert.Equal(("issue.created", "as stored", "unresolved"), (change.GetProperty("kind").GetString(), FeedEntries.Row(change).GetProperty("title").GetString(), FeedEntries.Row(change).GetProperty("status").GetString()));
    }

    private const string IssueStateName = IssueGrain.StateName;

    private static async Task<(ServiceHost Host, FlakyReadModelStore Store, FaultyGrainStorage Storage, InProcessGrainStorage Rows)> StartAsync()
    {
        var store = new FlakyReadModelStore(new InMemoryReadModelStore());
        InProcessGrainStorage? rows = null;
        var host = await ServiceHost.StartAsync(builder =>
        {
            builder.Services.AddSingleton<IReadModelStore>(store);
            builder.Services.AddKeyedSingleton<IGrainStorage>("Default", (provider, _) =>
                new FaultyGrainStorage(rows = new InProcessGrainStorage(provider.GetRequiredService<IGrainStorageSerializer>())));
        });
        var storage = Assert.IsType<FaultyGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>("Default"));
        return (host, store, storage, rows!);
    }

    /// <summary>The head of <paramref name="grain"/> as it is at rest (or as it was: <paramref name="earlier"/>), read with the silo's grain storage serializer.</summary>
    private static THead StoredHead<THead>(ServiceHost host, InProcessGrainStorage rows, string stateName, GrainId grain, byte[]? earlier = null)
    {
        var payload = earlier ?? rows.Payload(stateName, grain);
        Assert.NotNull(payload);
        return Assert.IsType<THead>(host.Services.GetRequiredService<IGrainStorageSerializer>().Deserialize<THead>(new BinaryData(payload)));
    }

    /// <summary>A webhook that is written but not published (or not written): 503.</summary>
    private static async Task AssertUnavailableAsync(ServiceHost host, string resource, byte[] body)
    {
        using var response = await host.Webhooks.SendAsync(resource, body);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    private static byte[] CommentDeleted(string issueId, string commentId) =>
        JsonSerializer.SerializeToUtf8Bytes(new { action = "deleted", data = new { issue_id = issueId, comment_id = commentId } });
}
