using System.Net;
using Sentry.Grains.Client;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Client;

/// <summary><see cref="SentryGrainsClient"/>'s lists against the real service: paging, every filter parameter, and problem details.</summary>
[Collection(ClientCollection.Name)]
public sealed class ClientListTests(ServiceHostFixture fixture)
{
    private ServiceHost Host => fixture.Host;

    private SentryGrainsClient Client => new(Host.Http);

    [Fact]
    public async Task A_filtered_issue_list_paged_with_a_small_limit_returns_exactly_the_matching_issues_once()
    {
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal("applied", await Host.Webhooks.SendOkAsync("issue", ClientBodies.Issue($"{31000 + i}", "client-paging", team: i % 2 == 0 ? "payments" : null)));
        }

        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("issue", ClientBodies.Issue("31100", "client-paging-other", team: "payments")));
        var filter = new IssueFilter { Project = "client-paging", Status = "unresolved", Assignee = "#payments" };

        var pages = new List<ListPage<IssueListItem>>();
        string? cursor = null;
        do
        {
            var page = await Client.ListIssuesAsync(filter, cursor, limit: 3);
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 10);

        Assert.Equal([3, 1], pages.Select(p => p.Items.Count));
        Assert.Equal([true, false], pages.Select(p => p.HasMore));
        var items = pages.SelectMany(p => p.Items).ToList();
        Assert.Equal(["31000", "31002", "31004", "31006"], items.Select(i => i.Key).Order());
        Assert.All(items, item =>
        {
            Assert.Equal(("client-paging", "unresolved", "new", "high", "fatal", "error"), (item.ProjectSlug, item.Status, item.Substatus, item.Priority, item.Level, item.IssueCategory));
            Assert.Equal(("team", "9", "payments"), (item.AssigneeType, item.AssigneeId, item.AssigneeName));
            Assert.Equal(1, item.Version);
            Assert.NotNull(item.UpdatedAt);
            Assert.Equal(3, item.Count);
            Assert.Equal("webhook", item.LastChangeSource);
        });

        // The enumeration follows the same pages, one item per request here, in the same order.
        var enumerated = await Client.EnumerateIssuesAsync(filter, pageSize: 1).Select(i => i.Key).ToListAsync();
        Assert.Equal(items.Select(i => i.Key), enumerated);
    }

    private static readonly string[] IssueParameterNames = ["project", "status", "substatus", "priority", "assignee", "category", "seerStage", "hasPr", "updatedSince"];

    public static TheoryData<string> IssueParameters => [.. IssueParameterNames];

    /// <summary>For one query parameter: a filter that matches the test's issue and one that differs only in that parameter.</summary>
    private static (IssueFilter Matching, IssueFilter Missing) IssueFilters(string parameter, string project, DateTimeOffset before)
    {
        var scoped = new IssueFilter { Project = project };
        return parameter switch
        {
            "project" => (scoped, scoped with { Project = project + "-none" }),
            "status" => (scoped with { Status = "unresolved" }, scoped with { Status = "resolved" }),
            "substatus" => (scoped with { Substatus = "new" }, scoped with { Substatus = "ongoing" }),
            "priority" => (scoped with { Priority = "high" }, scoped with { Priority = "low" }),
            // A team is "#name": its "#" must reach the server escaped, or the rest of the URI is a fragment.
            "assignee" => (scoped with { Assignee = "#payments" }, scoped with { Assignee = "#platform" }),
            "category" => (scoped with { Category = "error" }, scoped with { Category = "feedback" }),
            "seerStage" => (scoped with { SeerStage = SeerStage.PrCreated }, scoped with { SeerStage = SeerStage.RootCauseStarted }),
            "hasPr" => (scoped with { HasPr = true }, scoped with { HasPr = false }),
            // A non-UTC offset: its '+' must reach the server escaped, or it reads a space and answers 400.
            "updatedSince" => (scoped with { UpdatedSince = before.ToOffset(TimeSpan.FromHours(2)) }, scoped with { UpdatedSince = DateTimeOffset.UtcNow.AddHours(1).ToOffset(TimeSpan.FromHours(2)) }),
            _ => throw new ArgumentOutOfRangeException(nameof(parameter), parameter, null),
        };
    }

    [Theory]
    [MemberData(nameof(IssueParameters))]
    public async Task Every_issue_filter_parameter_reaches_the_server(string parameter)
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        var index = Array.IndexOf(IssueParameterNames, parameter);
        var (issue, run, project) = ($"{32000 + index}", $"{62000 + index}", $"client-filter-{parameter}");
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("issue", ClientBodies.Issue(issue, project, team: "payments")));
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("seer", ClientBodies.SeerRun("pr_created", run, issue)));
        await Eventually.ThatAsync(() => Client.ListIssuesAsync(new IssueFilter { Project = project }), page => page.Items is [{ HasPr: true }], "the Seer run's pull request on the issue's row");

        var (matching, missing) = IssueFilters(parameter, project, before);
        Assert.Equal([issue], (await Client.ListIssuesAsync(matching)).Items.Select(i => i.Key));
        Assert.Empty((await Client.ListIssuesAsync(missing)).Items);
    }

    [Fact]
    public async Task The_issue_sort_reaches_the_server()
    {
        // Seen last long ago but updated last, and the other way round.
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("issue", ClientBodies.Issue("33001", "client-sort", lastSeen: "2025-06-01T00:00:00+00:00")));
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("issue", ClientBodies.Issue("33002", "client-sort", lastSeen: "2024-06-01T00:00:00+00:00")));

        var byUpdate = await Client.ListIssuesAsync(new IssueFilter { Project = "client-sort", Sort = IssueSort.UpdatedAt });
        var byLastSeen = await Client.ListIssuesAsync(new IssueFilter { Project = "client-sort", Sort = IssueSort.LastSeen });

        Assert.Equal(["33002", "33001"], byUpdate.Items.Select(i => i.Key));
        Assert.Equal(["33001", "33002"], byLastSeen.Items.Select(i => i.Key));
        Assert.Equal(DateTimeOffset.Parse("2025-06-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), byLastSeen.Items[0].LastSeen);
    }

    private static readonly string[] SeerRunParameterNames = ["issue", "stage", "stalled", "hasPr", "updatedSince"];

    public static TheoryData<string> SeerRunParameters => [.. SeerRunParameterNames];

    [Theory]
    [MemberData(nameof(SeerRunParameters))]
    public async Task Every_seer_run_filter_parameter_reaches_the_server(string parameter)
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        var index = Array.IndexOf(SeerRunParameterNames, parameter);
        var (issue, run) = ($"{34000 + index}", $"{64000 + index}");
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("seer", ClientBodies.SeerRun("pr_created", run, issue)));

        var scoped = new SeerRunFilter { Issue = issue };
        var (matching, missing) = parameter switch
        {
            "issue" => (scoped, scoped with { Issue = "34999" }),
            "stage" => (scoped with { Stage = SeerStage.PrCreated }, scoped with { Stage = SeerStage.CodingStarted }),
            "stalled" => (scoped with { Stalled = false }, scoped with { Stalled = true }),
            "hasPr" => (scoped with { HasPr = true }, scoped with { HasPr = false }),
            "updatedSince" => (scoped with { UpdatedSince = before }, scoped with { UpdatedSince = DateTimeOffset.UtcNow.AddHours(1) }),
            _ => throw new ArgumentOutOfRangeException(nameof(parameter), parameter, null),
        };

        var found = Assert.Single((await Client.ListSeerRunsAsync(matching)).Items);
        Assert.Equal((run, issue, SeerStage.PrCreated, true, false), (found.Key, found.IssueId, found.Stage, found.HasPr, found.IsStalled));
        Assert.Empty((await Client.ListSeerRunsAsync(missing)).Items);
        Assert.Contains(run, await Client.EnumerateSeerRunsAsync(matching, pageSize: 1).Select(r => r.Key).ToListAsync());
    }

    [Fact]
    public async Task The_metric_alert_and_installation_status_filters_reach_the_server()
    {
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("metric_alert", ClientBodies.MetricAlert("critical", "35001")));
        var uuid = InstallationBodies.NewUuid();
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("installation", InstallationBodies.Created(uuid, InstallationBodies.NewCode())));
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("installation", InstallationBodies.Deleted(uuid)));

        var critical = await Client.EnumerateMetricAlertsAsync(new MetricAlertFilter { Status = MetricAlertStatus.Critical }, pageSize: 1).ToListAsync();
        var alert = Assert.Single(critical, a => a.Key == "35001");
        Assert.Equal((MetricAlertStatus.Critical, "Too many errors", "7"), (alert.Status, alert.RuleName, alert.RuleId));
        Assert.DoesNotContain("35001", (await Client.ListMetricAlertsAsync(new MetricAlertFilter { Status = MetricAlertStatus.Resolved })).Items.Select(a => a.Key));

        var deleted = await Client.EnumerateInstallationsAsync(new InstallationFilter { Status = InstallationStatus.Deleted }, pageSize: 1).ToListAsync();
        var installation = Assert.Single(deleted, i => i.Key == uuid);
        Assert.Equal((InstallationStatus.Deleted, "test-org"), (installation.Status, installation.OrganizationSlug));
        Assert.DoesNotContain(uuid, (await Client.ListInstallationsAsync(new InstallationFilter { Status = InstallationStatus.Installed })).Items.Select(i => i.Key));
        Assert.DoesNotContain(uuid, (await Client.ListInstallationsAsync(new InstallationFilter { Status = InstallationStatus.Pending })).Items.Select(i => i.Key));
    }

    [Fact]
    public async Task A_bad_request_throws_with_the_servers_problem_details()
    {
        var badCursor = await Assert.ThrowsAsync<SentryGrainsClientException>(() => Client.ListIssuesAsync(cursor: "not-a-cursor"));
        Assert.Equal((HttpStatusCode.BadRequest, "Bad query"), (badCursor.StatusCode, badCursor.Title));
        Assert.Contains("'cursor' is not a cursor this API gave", badCursor.Detail, StringComparison.Ordinal);
        Assert.Contains(badCursor.Detail!, badCursor.Message, StringComparison.Ordinal);

        var badStage = await Assert.ThrowsAsync<SentryGrainsClientException>(() => Client.ListSeerRunsAsync(new SeerRunFilter { Stage = "done" }));
        Assert.Contains("'stage' must be a Seer stage", badStage.Detail, StringComparison.Ordinal);

        var badLimit = await Assert.ThrowsAsync<SentryGrainsClientException>(() => Client.ListInstallationsAsync(limit: 501));
        Assert.Contains("'limit' must be a whole number from 1 to 500", badLimit.Detail, StringComparison.Ordinal);

        var badKind = await Assert.ThrowsAsync<SentryGrainsClientException>(() => Client.ReadChangesAsync(kinds: ["issue.bogus"]));
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.Contains("'kinds' has unknown 'issue.bogus'", badKind.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_an_enumeration_stops_it_before_the_next_page_is_read()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("applied", await Host.Webhooks.SendOkAsync("issue", ClientBodies.Issue($"{36000 + i}", "client-cancel")));
        }

        var filter = new IssueFilter { Project = "client-cancel" };
        Assert.Equal(3, (await Client.EnumerateIssuesAsync(filter, pageSize: 1).ToListAsync()).Count);

        using var cancel = new CancellationTokenSource();
        var seen = new List<string>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var issue in Client.EnumerateIssuesAsync(filter, pageSize: 1, cancel.Token))
            {
                seen.Add(issue.Key);
                await cancel.CancelAsync();
            }
        });

        Assert.Single(seen);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.ListIssuesAsync(filter, cancellationToken: cancel.Token));
    }
}
