using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Sentry.Grains.Issues;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Seer;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Postgres;

/// <summary>
/// A silo writes changes it cannot publish (its read model is down) and stops, as if it crashed between the head write
/// and the publication. The head row holds the last change without its row; a new silo on the same database makes that
/// row again when the grain activates, and the feed gets every change once, with the row it had.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OutboxRestartTests(PostgresDatabase<OutboxRestartTests> database) : IClassFixture<PostgresDatabase<OutboxRestartTests>>
{
    private const string IssueId = "6601";
    private const string RunId = "12345";

    [Fact]
    public async Task Changes_a_stopped_silo_wrote_but_did_not_publish_are_published_by_the_next_one_once_with_the_rows_they_had()
    {
        string[] settings = [.. PostgresSettings.AsArguments(database.ConnectionString, "outbox-restart-test", "sentry-grains")];
        await using (var first = await ServiceHost.StartAsync(
            builder => builder.Services.AddSingleton<IReadModelStore>(new FlakyReadModelStore(new InMemoryReadModelStore()) { Down = true }),
            settings))
        {
            foreach (var (resource, body) in new[]
            {
                ("issue", StateWriteFailureTests.IssueBody(IssueId, "created", "unresolved")),
                ("comment", StateWriteFailureTests.CommentBody(IssueId, "1", "first")),
                ("comment", StateWriteFailureTests.CommentBody(IssueId, "2", "second")),
                ("comment", JsonSerializer.SerializeToUtf8Bytes(new { action = "deleted", data = new { issue_id = IssueId, comment_id = "1" } })),
                ("issue", StateWriteFailureTests.IssueBody(IssueId, "resolved", "resolved")),
                ("seer", Fixtures.Bytes("seer.root_cause_started")),
                ("seer", Fixtures.Bytes("seer.root_cause_completed")),
            })
            {
                using var response = await first.Webhooks.SendAsync(resource, body);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode); // written, not published
            }

            // At rest: every change still in the outbox, only the last (the head's own version) without its row.
            var serializer = first.Services.GetRequiredService<IGrainStorageSerializer>();
            var issue = Assert.IsType<IssueHead>(serializer.Deserialize<IssueHead>(new BinaryData(await DatabaseSnapshot.PayloadAsync(database.ConnectionString, IssueGrain.StateName, IssueId))));
            Assert.Equal(5, issue.Version);
            Assert.Equal([1L, 2L, 3L, 4L, 5L], issue.Outbox.Pending.Select(p => p.Version));
            Assert.All(issue.Outbox.Pending.SkipLast(1), p => Assert.NotNull(p.Row));
            Assert.Null(issue.Outbox.Pending[^1].Row);
            var run = Assert.IsType<SeerRunHead>(serializer.Deserialize<SeerRunHead>(new BinaryData(await DatabaseSnapshot.PayloadAsync(database.ConnectionString, SeerRunGrain.StateName, RunId))));
            Assert.Equal([1L, 2L], run.Outbox.Pending.Select(p => p.Version));
            Assert.NotNull(run.Outbox.Pending[0].Row);
            Assert.Null(run.Outbox.Pending[1].Row);
        }

        await using var second = await ServiceHost.StartAsync(settings);
        var answered = (await second.Webhooks.GetJsonAsync($"/api/issues/{IssueId}"))!.Value; // activates the issue: it publishes
        Assert.NotNull(await second.Webhooks.GetJsonAsync($"/api/seer-runs/{RunId}"));

        var issueChanges = await FeedEntries.OfAsync(second, IssueRow.ResourceName, IssueId, 5);
        Assert.Equal(
            [
                (1L, "issue.created", "unresolved", 0L),
                (2L, "comment.created", "unresolved", 1L),
                (3L, "comment.created", "unresolved", 2L),
                (4L, "comment.deleted", "unresolved", 1L),
                (5L, "issue.status", "resolved", 1L),
            ],
            issueChanges.Select(c => (c.GetProperty("version").GetInt64(), c.GetProperty("kind").GetString(), FeedEntries.Row(c).GetProperty("status").GetString(), FeedEntries.Row(c).GetProperty("commentCount").GetInt64())));
        var last = FeedEntries.Row(issueChanges[^1]);
        Assert.Equal(($"Issue {IssueId}", 5L), (last.GetProperty("title").GetString(), last.GetProperty("version").GetInt64()));
        Assert.Equal(answered.GetProperty("issue").GetProperty("title").GetString(), last.GetProperty("title").GetString());

        var runChanges = await FeedEntries.OfAsync(second, SeerRunRow.ResourceName, RunId, 2);
        Assert.Equal(
            [(1L, "root_cause_started"), (2L, "root_cause_completed")],
            runChanges.Select(c => (c.GetProperty("version").GetInt64(), FeedEntries.Row(c).GetProperty("stage").GetString())));
        Assert.Equal("1170820242", FeedEntries.Row(runChanges[^1]).GetProperty("issueId").GetString());

        // Once: the list has the newest row, and nothing is published again.
        var issues = (await second.Webhooks.GetJsonAsync("/api/issues?limit=10"))!.Value.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("key").GetString() == IssueId).ToList();
        Assert.Equal("resolved", Assert.Single(issues).GetProperty("status").GetString());
        Assert.Equal(5, (await FeedEntries.OfAsync(second, IssueRow.ResourceName, IssueId, 5)).Length);
    }
}
