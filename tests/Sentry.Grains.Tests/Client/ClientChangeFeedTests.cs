using Sentry.Grains.Client;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Client;

/// <summary><see cref="SentryGrainsClient"/>'s change feed against the real service: following it live, kinds, typed rows, resuming.</summary>
[Collection(ClientCollection.Name)]
public sealed class ClientChangeFeedTests(ServiceHostFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private ServiceHost Host => fixture.Host;

    private SentryGrainsClient Client => new(Host.Http);

    /// <summary>The cursor after the newest entry: what a consumer starting now would read after.</summary>
    internal static async Task<string> LatestCursorAsync(SentryGrainsClient client)
    {
        var page = await client.ReadChangesAsync(limit: 1000);
        while (page.Entries.Count == 1000)
        {
            page = await client.ReadChangesAsync(page.Next, limit: 1000);
        }

        return page.Next;
    }

    /// <summary>Follows the feed from <paramref name="after"/> until <paramref name="count"/> entries came (or fails after <see cref="Patience"/>).</summary>
    private async Task<List<ChangeEntry>> FollowAsync(string? after, IReadOnlyCollection<string>? kinds, int count)
    {
        using var patience = new CancellationTokenSource(Patience);
        var entries = new List<ChangeEntry>();
        await foreach (var entry in Client.FollowChangesAsync(after, kinds, wait: TimeSpan.FromSeconds(5), patience.Token))
        {
            entries.Add(entry);
            if (entries.Count == count)
            {
                break;
            }
        }

        return entries;
    }

    [Fact]
    public async Task A_follower_receives_the_changes_written_after_it_started_in_order_and_only_the_kinds_it_asked_for()
    {
        var after = await LatestCursorAsync(Client);
        var following = FollowAsync(after, [ChangeKinds.Comment], count: 3);
        await Task.Delay(300);
        Assert.False(following.IsCompleted);

        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("comment", ClientBodies.Comment("41001", 1)));
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("error", Postgres.StateWriteFailureTests.ErrorBody("41001", $"{41001:x32}")));
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("comment", ClientBodies.Comment("41001", 2)));
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("comment", ClientBodies.Comment("41001", 1, "deleted")));
        var entries = await following;

        Assert.Equal([ChangeKinds.CommentCreated, ChangeKinds.CommentCreated, ChangeKinds.CommentDeleted], entries.Select(e => e.Kind));
        Assert.All(entries, e => Assert.Equal(("issue", "41001"), (e.Resource, e.Key)));
        Assert.Equal([1L, 3L, 4L], entries.Select(e => e.Version)); // version 2 is the issue.event the filter left out
        Assert.Equal(["note 1", "note 2"], entries[..2].Select(e => e.Item!.Value.GetProperty("text").GetString()));
        Assert.True(entries[2].Item!.Value.GetProperty("deleted").GetBoolean());
        Assert.Equal([1L, 2L, 1L], entries.Select(e => e.ReadRow<IssueListItem>()!.CommentCount));
        var row = Assert.IsType<IssueListItem>(entries[^1].ReadRow());
        Assert.Equal(("41001", 4L, 1L), (row.Key, row.Version, row.EventCount));
        Assert.Throws<InvalidOperationException>(() => entries[0].ReadRow<SeerRunListItem>());
        Assert.Equal(entries.Count, entries.Select(e => e.Cursor).Distinct().Count());

        // Nothing after the last entry but what comes later.
        Assert.Empty((await Client.ReadChangesAsync(entries[^1].Cursor, [ChangeKinds.Comment])).Entries);
    }

    [Fact]
    public async Task A_follower_resumed_from_a_saved_cursor_misses_nothing_and_repeats_nothing()
    {
        var after = await LatestCursorAsync(Client);
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal("applied", await Host.Webhooks.SendOkAsync("comment", ClientBodies.Comment("41101", i)));
        }

        // The consumer handles two entries, saves the second's cursor and stops.
        var first = await FollowAsync(after, [ChangeKinds.CommentCreated], count: 2);
        var saved = first[^1].Cursor;

        // More arrive while it is away, some of kinds it does not follow.
        for (var i = 4; i <= 6; i++)
        {
            Assert.Equal("applied", await Host.Webhooks.SendOkAsync("comment", ClientBodies.Comment("41101", i)));
            Assert.Equal("applied", await Host.Webhooks.SendOkAsync("comment", ClientBodies.Comment("41101", i, "updated")));
        }

        var resumed = await FollowAsync(saved, [ChangeKinds.CommentCreated], count: 4);

        var texts = first.Concat(resumed).Select(e => e.Item!.Value.GetProperty("text").GetString());
        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"note {i}"), texts);
        Assert.Empty((await Client.ReadChangesAsync(resumed[^1].Cursor, [ChangeKinds.CommentCreated])).Entries);
    }

    [Fact]
    public async Task A_read_with_a_wait_returns_as_soon_as_a_change_arrives()
    {
        var after = await LatestCursorAsync(Client);
        var waiting = Client.ReadChangesAsync(after, [ChangeKinds.Seer], wait: TimeSpan.FromSeconds(30));
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);

        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("seer", ClientBodies.SeerRun("root_cause_started", "71001", "41201")));
        var page = await waiting.WaitAsync(TimeSpan.FromSeconds(20));

        var entry = Assert.Single(page.Entries);
        Assert.Equal((ChangeKinds.SeerStage, "seer", "71001"), (entry.Kind, entry.Resource, entry.Key));
        var run = Assert.IsType<SeerRunListItem>(entry.ReadRow());
        Assert.Equal(("41201", SeerStage.RootCauseStarted), (run.IssueId, run.Stage));
    }

    [Fact]
    public async Task A_wait_in_milliseconds_reaches_the_server_and_an_empty_read_answers_when_it_is_over()
    {
        var after = await LatestCursorAsync(Client);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var page = await Client.ReadChangesAsync(after, [ChangeKinds.InstallationStatus], wait: TimeSpan.FromMilliseconds(1500));

        Assert.Empty(page.Entries);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(1400), TimeSpan.FromSeconds(20));

        // Longer than the server's Changes:MaxWait (60 s): its 400 names the parameter.
        var tooLong = await Assert.ThrowsAsync<SentryGrainsClientException>(() => Client.ReadChangesAsync(after, wait: TimeSpan.FromMinutes(2)));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("'wait' must be a duration like 30s or 500ms, at most 60 s; got '120s'", tooLong.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_long_poll_ends_it_at_once_rather_than_when_its_wait_is_over()
    {
        var after = await LatestCursorAsync(Client);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.ReadChangesAsync(after, [ChangeKinds.InstallationStatus], wait: TimeSpan.FromSeconds(50), cancellationToken: cancel.Token));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Cancelling_a_follower_ends_it_while_it_waits_whether_the_token_is_an_argument_or_given_with_WithCancellation()
    {
        var after = await LatestCursorAsync(Client);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var entry in Client.FollowChangesAsync(after, [ChangeKinds.InstallationStatus], TimeSpan.FromSeconds(50), cancel.Token))
                {
                    Assert.Fail($"No change was expected, got {entry.Kind}.");
                }
            });
        }

        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var entry in Client.FollowChangesAsync(after, [ChangeKinds.InstallationStatus], TimeSpan.FromSeconds(50)).WithCancellation(cancel.Token))
                {
                    Assert.Fail($"No change was expected, got {entry.Kind}.");
                }
            });
        }

        // Two polls of 50 s each: only the cancellations can have ended them this soon.
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }
}
