using Sentry.Grains.Installations;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Seer;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.ReadModel;

/// <summary>The read model's semantics, the same for both stores: version-gated rows, filters, sorting, keyset pages, the feed.</summary>
public abstract class ReadModelStoreTests(IReadModelStoreFactory stores)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static PendingChange Issue(string key, long version, string status = "unresolved", string project = "backend", int minutes = 0, DateTimeOffset? lastSeen = null,
        string? assigneeType = null, string? assigneeName = null, string? assigneeEmail = null, SeerStage? stage = null, bool hasPr = false, string kind = "issue.status") =>
        new(kind, version, T0.AddMinutes(minutes), new IssueRow
        {
            Key = key,
            Version = version,
            UpdatedAt = T0.AddMinutes(minutes),
            ProjectSlug = project,
            Status = status,
            LastSeen = lastSeen,
            AssigneeType = assigneeType,
            AssigneeName = assigneeName,
            AssigneeEmail = assigneeEmail,
            SeerStage = stage,
            HasPr = hasPr,
        }, null);

    private static async Task<List<string>> AllPagesAsync<TRow>(Func<PagePosition?, Task<Page<TRow>>> page) where TRow : ReadModelRow
    {
        var keys = new List<string>();
        PagePosition? after = null;
        do
        {
            var next = await page(after);
            keys.AddRange(next.Rows.Select(r => r.Key));
            after = next.Next;
        }
        while (after is not null);
        return keys;
    }

    [Fact]
    public async Task A_row_never_moves_back_to_an_older_version()
    {
        var store = await stores.CreateAsync();
        await store.ApplyAsync([Issue("1", 2, status: "resolved")], default);
        await store.ApplyAsync([Issue("1", 1, status: "unresolved")], default);
        await store.ApplyAsync([Issue("1", 2, status: "ignored")], default);

        var row = Assert.IsType<IssueRow>(await store.FindAsync("issue", "1", default));
        Assert.Equal((2L, "resolved"), (row.Version, row.Status));
    }

    [Fact]
    public async Task Filters_combine_and_match_like_the_api_says()
    {
        var store = await stores.CreateAsync();
        await store.ApplyAsync(
        [
            Issue("1", 1, status: "unresolved", project: "backend", assigneeType: "team", assigneeName: "payments"),
            Issue("2", 1, status: "unresolved", project: "backend", assigneeType: "user", assigneeName: "Jane", assigneeEmail: "jane@example.com"),
            Issue("3", 1, status: "resolved", project: "backend", assigneeType: "team", assigneeName: "payments"),
            Issue("4", 1, status: "unresolved", project: "frontend", stage: SeerStage.PrCreated, hasPr: true),
            Issue("5", 1, status: "unresolved", project: "backend"),
        ], default);

        async Task<List<string>> Keys(IssueQuery query) => [.. (await store.ListIssuesAsync(query, default)).Rows.Select(r => r.Key).Order()];
        Assert.Equal(["1"], await Keys(new IssueQuery { Project = "backend", Status = "unresolved", Assignee = "#payments" }));
        Assert.Equal(["2"], await Keys(new IssueQuery { Assignee = "jane@example.com" }));
        Assert.Equal(["2"], await Keys(new IssueQuery { Assignee = "Jane" }));
        Assert.Equal(["4", "5"], await Keys(new IssueQuery { Assignee = "none" }));
        Assert.Equal(["4"], await Keys(new IssueQuery { SeerStage = SeerStage.PrCreated, HasPr = true }));
        Assert.Equal(["1", "2", "3", "5"], await Keys(new IssueQuery { HasPr = false }));
        Assert.Empty(await Keys(new IssueQuery { Project = "nope" }));
    }

    /// <summary>
    /// Each filter on a member no other filter here touches: on PostgreSQL every member a filter reads must be among the
    /// indexed filter members (migration 0007's <c>sentry_grains_row_filters</c>), or the filter matches nothing.
    /// </summary>
    [Fact]
    public async Task Every_filter_finds_the_one_row_that_has_its_value()
    {
        var store = await stores.CreateAsync();
        IssueRow Row(string key) => new() { Key = key, Version = 1, UpdatedAt = T0, ProjectSlug = "backend", ProjectId = "100", Status = "unresolved" };
        await store.ApplyAsync(
        [
            new("issue.status", 1, T0, Row("1") with { Substatus = "regressed" }, null),
            new("issue.status", 1, T0, Row("2") with { Priority = "low" }, null),
            new("issue.status", 1, T0, Row("3") with { IssueCategory = "performance" }, null),
            new("issue.status", 1, T0, Row("4") with { ProjectSlug = "frontend", ProjectId = "200" }, null),
            new("issue.assigned", 1, T0, Row("5") with { AssigneeType = "team", AssigneeId = "77", AssigneeName = "payments" }, null),
            new("issue.seer", 1, T0, Row("6") with { SeerStage = SeerStage.SolutionStarted }, null),
            new("seer.stage", 1, T0, new SeerRunRow { Key = "10", Version = 1, UpdatedAt = T0, IssueId = "1", Stage = SeerStage.CodingCompleted }, null),
            new("seer.stage", 1, T0, new SeerRunRow { Key = "11", Version = 1, UpdatedAt = T0, IssueId = "1", Stage = SeerStage.RootCauseStarted }, null),
        ], default);

        async Task<List<string>> Keys(IssueQuery query) => [.. (await store.ListIssuesAsync(query, default)).Rows.Select(r => r.Key)];
        Assert.Equal(["1"], await Keys(new IssueQuery { Substatus = "regressed" }));
        Assert.Equal(["2"], await Keys(new IssueQuery { Priority = "low" }));
        Assert.Equal(["3"], await Keys(new IssueQuery { Category = "performance" }));
        Assert.Equal(["4"], await Keys(new IssueQuery { Project = "200" }));
        Assert.Equal(["5"], await Keys(new IssueQuery { Assignee = "#77" }));
        Assert.Equal(["6"], await Keys(new IssueQuery { SeerStage = SeerStage.SolutionStarted }));
        Assert.Equal(["10"], (await store.ListSeerRunsAsync(new SeerRunQuery { Stage = SeerStage.CodingCompleted }, default)).Rows.Select(r => r.Key));
    }

    [Fact]
    public async Task Issues_sort_newest_first_by_update_or_last_seen_and_page_through_every_row_once()
    {
        var store = await stores.CreateAsync();
        // 37 issues; several share an update time, some have no lastSeen.
        await store.ApplyAsync([.. Enumerable.Range(1, 37).Select(i => Issue($"{i}", 1, minutes: i / 3, lastSeen: i % 4 == 0 ? null : T0.AddHours(-i)))], default);

        var byUpdate = await AllPagesAsync(after => store.ListIssuesAsync(new IssueQuery { Limit = 5, After = after }, default));
        Assert.Equal(Enumerable.Range(1, 37).OrderByDescending(i => i / 3).ThenBy(i => i).Select(i => $"{i}"), byUpdate);

        var byLastSeen = await AllPagesAsync(after => store.ListIssuesAsync(new IssueQuery { Sort = IssueSort.LastSeen, Limit = 4, After = after }, default));
        Assert.Equal(
            Enumerable.Range(1, 37).Where(i => i % 4 != 0).OrderBy(i => i).Concat(Enumerable.Range(1, 37).Where(i => i % 4 == 0)).Select(i => $"{i}"),
            byLastSeen);
    }

    [Fact]
    public async Task A_page_boundary_holds_while_new_rows_arrive_concurrently()
    {
        var store = await stores.CreateAsync();
        await store.ApplyAsync([.. Enumerable.Range(1, 60).Select(i => Issue($"{i}", 1, minutes: i))], default);

        // Page newest-first through the 60 while 200 newer issues arrive in between pages: each old row exactly once.
        var seen = new List<string>();
        PagePosition? after = null;
        var inserted = 1000;
        do
        {
            var page = await store.ListIssuesAsync(new IssueQuery { Limit = 7, After = after }, default);
            seen.AddRange(page.Rows.Select(r => r.Key));
            after = page.Next;
            await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            {
                var key = Interlocked.Increment(ref inserted);
                return store.ApplyAsync([Issue($"{key}", 1, minutes: 100 + key)], default);
            }));
        }
        while (after is not null);

        Assert.Equal(Enumerable.Range(1, 60).Reverse().Select(i => $"{i}"), seen.Where(k => int.Parse(k, System.Globalization.CultureInfo.InvariantCulture) <= 60));
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Seer_runs_metric_alerts_and_installations_filter_and_page()
    {
        var store = await stores.CreateAsync();
        await store.ApplyAsync(
        [
            new("seer.stage", 1, T0, new SeerRunRow { Key = "10", Version = 1, UpdatedAt = T0, IssueId = "1", Stage = SeerStage.PrCreated, HasPr = true }, null),
            new("seer.stalled", 2, T0, new SeerRunRow { Key = "11", Version = 2, UpdatedAt = T0.AddMinutes(1), IssueId = "1", Stage = SeerStage.CodingStarted, StalledSince = T0 }, null),
            new("seer.stage", 1, T0, new SeerRunRow { Key = "12", Version = 1, UpdatedAt = T0.AddMinutes(2), IssueId = "2", Stage = SeerStage.RootCauseStarted }, null),
            new("metric_alert.status", 1, T0, new MetricAlertRow { Key = "4", Version = 1, UpdatedAt = T0, Status = "critical" }, null),
            new("metric_alert.status", 1, T0, new MetricAlertRow { Key = "5", Version = 1, UpdatedAt = T0, Status = "resolved" }, null),
            new("installation.status", 1, T0, new InstallationRow { Key = "b", Version = 1, Status = InstallationStatus.Installed, OrganizationSlug = "acme" }, null),
            new("installation.status", 1, T0, new InstallationRow { Key = "a", Version = 1, Status = InstallationStatus.Deleted, OrganizationSlug = "zeta" }, null),
            new("installation.status", 1, T0, new InstallationRow { Key = "c", Version = 1, Status = InstallationStatus.Installed, OrganizationSlug = "acme" }, null),
        ], default);

        Assert.Equal(["11"], (await store.ListSeerRunsAsync(new SeerRunQuery { Stalled = true }, default)).Rows.Select(r => r.Key));
        Assert.Equal(["10"], (await store.ListSeerRunsAsync(new SeerRunQuery { HasPr = true }, default)).Rows.Select(r => r.Key));
        Assert.Equal(["11", "10"], (await store.ListSeerRunsAsync(new SeerRunQuery { Issue = "1" }, default)).Rows.Select(r => r.Key));
        Assert.Equal(["12", "11", "10"], await AllPagesAsync(after => store.ListSeerRunsAsync(new SeerRunQuery { Limit = 1, After = after }, default)));
        Assert.Equal(["4"], (await store.ListMetricAlertsAsync(new MetricAlertQuery { Status = "critical" }, default)).Rows.Select(r => r.Key));
        Assert.Equal(["b", "c", "a"], await AllPagesAsync(after => store.ListInstallationsAsync(new InstallationQuery { Limit = 2, After = after }, default)));
        Assert.Equal(["b", "c"], (await store.ListInstallationsAsync(new InstallationQuery { Status = InstallationStatus.Installed }, default)).Rows.Select(r => r.Key));
    }

    [Fact]
    public async Task The_feed_has_each_change_once_in_order_with_its_kind_and_data_and_filters_by_kind_or_resource()
    {
        var store = await stores.CreateAsync();
        await store.ApplyAsync([Issue("1", 1, kind: "issue.created"), Issue("1", 2, status: "resolved")], default);
        await store.ApplyAsync([Issue("1", 2, status: "resolved"), Issue("2", 1, kind: "comment.created")], default); // a retried publish
        await store.ApplyAsync([new("seer.stage", 1, T0, new SeerRunRow { Key = "10", Version = 1, Stage = SeerStage.RootCauseStarted }, "{\"action\":\"root_cause_started\"}")], default);

        var all = await store.ReadChangesAsync(new FeedQuery(FeedCursor.Start, [], 100), default);
        Assert.Equal([("issue.created", "1", 1L), ("issue.status", "1", 2L), ("comment.created", "2", 1L), ("seer.stage", "10", 1L)], all.Entries.Select(e => (e.Kind, e.Key, e.Version)));
        var resolved = System.Text.Json.JsonDocument.Parse(all.Entries[1].DataJson).RootElement;
        Assert.Equal("resolved", resolved.GetProperty("row").GetProperty("status").GetString());
        Assert.Equal(("1", 2), (resolved.GetProperty("row").GetProperty("key").GetString(), resolved.GetProperty("row").GetProperty("version").GetInt32()));
        Assert.False(resolved.GetProperty("row").TryGetProperty("resource", out _), "the entry names the resource; its row does not repeat it");
        Assert.False(resolved.TryGetProperty("item", out _));
        var stage = System.Text.Json.JsonDocument.Parse(all.Entries[3].DataJson).RootElement;
        Assert.Equal("root_cause_started", stage.GetProperty("row").GetProperty("stage").GetString());
        Assert.Equal("root_cause_started", stage.GetProperty("item").GetProperty("action").GetString());

        Assert.Equal(["comment.created", "seer.stage"], (await store.ReadChangesAsync(new FeedQuery(FeedCursor.Start, ["comment", "seer.stage"], 100), default)).Entries.Select(e => e.Kind));
        var afterFirst = await store.ReadChangesAsync(new FeedQuery(all.Entries[0].Cursor, [], 2), default);
        Assert.Equal(["issue.status", "comment.created"], afterFirst.Entries.Select(e => e.Kind));
        Assert.Equal(all.Entries[^1].Cursor, (await store.ReadChangesAsync(new FeedQuery(afterFirst.Next, ["issue"], 10), default)).Next);
        Assert.Equal(all.Entries[^1].Cursor, await store.LatestCursorAsync(default));
    }

    [Fact]
    public async Task A_reader_behind_the_retention_learns_it_and_where_the_feed_starts()
    {
        var store = await stores.CreateAsync();
        await store.ApplyAsync([Issue("1", 1, minutes: 0), Issue("2", 1, minutes: 10)], default);
        await store.ApplyAsync([Issue("3", 1, minutes: 20)], default);
        var all = (await store.ReadChangesAsync(new FeedQuery(FeedCursor.Start, [], 10), default)).Entries;

        Assert.Equal(2, await store.PruneChangesAsync(T0.AddMinutes(15), default));

        var behind = await store.ReadChangesAsync(new FeedQuery(FeedCursor.Start, [], 10), default);
        Assert.True(behind.Expired);
        Assert.Equal(all[2].Cursor, behind.Oldest);
        var caughtUp = await store.ReadChangesAsync(new FeedQuery(all[1].Cursor, [], 10), default);
        Assert.False(caughtUp.Expired);
        Assert.Equal(["3"], caughtUp.Entries.Select(e => e.Key));
    }
}

public sealed class InMemoryReadModelStoreTests() : ReadModelStoreTests(new InMemoryStores());

[Collection(PostgresCollection.Name)]
public sealed class PostgresReadModelStoreTests(PostgresStores stores) : ReadModelStoreTests(stores), IClassFixture<PostgresStores>;
