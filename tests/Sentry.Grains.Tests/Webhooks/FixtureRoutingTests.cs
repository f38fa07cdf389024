using System.Text;
using Sentry.Grains.Installations;
using Sentry.Grains.Issues;
using Sentry.Grains.MetricAlerts;
using Sentry.Grains.Seer;
using Sentry.Grains.Tests.Infrastructure;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Webhooks;

/// <summary>Every fixture parses and goes to the grain DESIGN.md's routing table names.</summary>
public sealed class FixtureRoutingTests
{
    public static TheoryData<string, Type, string> Routes => new()
    {
        { "activity_alert.seer_root_cause_completed", typeof(IssueActivityReceived), "43" },
        { "comment.created", typeof(CommentChanged), "100" },
        { "comment.deleted", typeof(CommentChanged), "100" },
        { "comment.updated", typeof(CommentChanged), "100" },
        { "error.created", typeof(IssueEventReceived), "1170820242" },
        { "event_alert.triggered", typeof(IssueEventReceived), "1117540176" },
        { "installation.created", typeof(InstallationChanged), "a8e5d37a-696c-4c54-adb5-b3f28d64c7de" },
        { "installation.deleted", typeof(InstallationChanged), "a8e5d37a-696c-4c54-adb5-b3f28d64c7de" },
        { "issue.archived", typeof(IssueChanged), "1170820242" },
        { "issue.assigned", typeof(IssueChanged), "1170820242" },
        { "issue.created", typeof(IssueChanged), "1234567890" },
        { "issue.ignored", typeof(IssueChanged), "1170820242" },
        { "issue.resolved", typeof(IssueChanged), "1170820242" },
        { "issue.unresolved", typeof(IssueChanged), "1170820242" },
        { "metric_alert.critical", typeof(MetricAlertChanged), "4" },
        { "metric_alert.resolved", typeof(MetricAlertChanged), "4" },
        { "metric_alert.warning", typeof(MetricAlertChanged), "4" },
        { "seer.coding_completed", typeof(SeerEventReceived), "12345" },
        { "seer.coding_started", typeof(SeerEventReceived), "12345" },
        { "seer.pr_created", typeof(SeerEventReceived), "12345" },
        { "seer.root_cause_completed", typeof(SeerEventReceived), "12345" },
        { "seer.root_cause_started", typeof(SeerEventReceived), "12345" },
        { "seer.solution_completed", typeof(SeerEventReceived), "12345" },
        { "seer.solution_started", typeof(SeerEventReceived), "12345" },
    };

    [Fact]
    public void The_routing_table_covers_every_fixture() =>
        Assert.Equal(Fixtures.Names, Routes.Select(r => (string)r[0]).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Routes))]
    public void Fixture_routes_to_its_grain(string fixture, Type command, string grainKey)
    {
        var body = Fixtures.Bytes(fixture);
        var parsed = WebhookParser.Parse(Fixtures.ResourceOf(fixture), body, TestDeliveries.For(body));

        Assert.False(parsed.IsIgnored);
        Assert.IsType(command, parsed.Command);
        Assert.Equal(grainKey, parsed.GrainKey);
        Assert.Equal(fixture[(fixture.IndexOf('.', StringComparison.Ordinal) + 1)..].Replace("seer_root_cause_completed", "triggered", StringComparison.Ordinal), parsed.Action);
    }

    [Fact]
    public void Issue_fields_are_read_as_sentry_sends_them()
    {
        var body = Fixtures.Bytes("issue.created");
        var change = Assert.IsType<IssueChanged>(WebhookParser.Parse("issue", body, TestDeliveries.For(body)).Command);

        Assert.Equal("PYTHON-Y", change.Issue.ShortId);
        Assert.Equal("fatal", change.Issue.Level);
        Assert.Equal("new", change.Issue.Substatus);
        Assert.Equal(3, change.Issue.Count); // a string in the payload
        Assert.Equal("python", change.Issue.Project?.Slug);
        Assert.Equal(new DateTimeOffset(2025, 11, 10, 20, 56, 0, 738, TimeSpan.Zero), change.Issue.LastSeen);
    }

    [Fact]
    public void Resolve_and_assign_carry_their_extra_data()
    {
        var resolved = Fixtures.Bytes("issue.resolved");
        var resolve = Assert.IsType<IssueChanged>(WebhookParser.Parse("issue", resolved, TestDeliveries.For(resolved)).Command);
        Assert.Equal("in_next_release", resolve.ResolutionType);
        Assert.Equal("""{"inNextRelease":true}""", resolve.Issue.StatusDetailsJson);

        var assigned = Fixtures.Bytes("issue.assigned");
        var assign = Assert.IsType<IssueChanged>(WebhookParser.Parse("issue", assigned, TestDeliveries.For(assigned)).Command);
        Assert.Equal(new Assignee("user", "2", "Jane Doe", "jane@example.com"), assign.Assignee);
    }

    [Fact]
    public void Seer_payloads_are_typed()
    {
        var body = Fixtures.Bytes("seer.pr_created");
        var received = Assert.IsType<SeerEventReceived>(WebhookParser.Parse("seer", body, TestDeliveries.For(body)).Command);
        var pr = Assert.Single(received.PullRequests!);
        Assert.Equal(new SeerPullRequest(123, "https://github.com/owner/repo/pull/123", 456789, "my-app", "github"), pr);
        Assert.Equal("1170820242", received.GroupId);
    }

    [Theory]
    [InlineData("issue", """{"action":"created","data":{"issue":{"title":"no id"}}}""", "data.issue.id")]
    [InlineData("issue", """{"action":"created","data":{}}""", "data.issue")]
    [InlineData("issue", """{"data":{"issue":{"id":"1"}}}""", "action")]
    [InlineData("comment", """{"action":"created","data":{"comment_id":1}}""", "data.issue_id")]
    [InlineData("error", """{"action":"created","data":{"error":{"event_id":"e"}}}""", "data.error.issue_id")]
    [InlineData("metric_alert", """{"action":"critical","data":{"metric_alert":{}}}""", "data.metric_alert.id")]
    [InlineData("seer", """{"action":"root_cause_started","data":{"group_id":1}}""", "data.run_id")]
    [InlineData("installation", """{"action":"created","data":{"installation":{}}}""", "data.installation.uuid")]
    [InlineData("issue", """[1,2]""", "JSON object")]
    [InlineData("issue", """{"action":"created",""", "not valid JSON")]
    [InlineData("issue", "", "not valid JSON")]
    public void Missing_key_fields_and_malformed_json_are_refused_naming_what_is_wrong(string resource, string json, string named)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var error = Assert.Throws<WebhookFormatException>(() => WebhookParser.Parse(resource, body, TestDeliveries.For(body)));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("size_analysis", """{"action":"completed","data":{}}""")]
    [InlineData("issue", """{"action":"deleted","data":{}}""")]
    [InlineData("comment", """{"action":"liked","data":{}}""")]
    public void Unknown_resources_and_actions_are_ignored(string resource, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var parsed = WebhookParser.Parse(resource, body, TestDeliveries.For(body));
        Assert.True(parsed.IsIgnored);
    }

    [Fact]
    public void Unknown_fields_and_unexpected_types_of_fields_we_do_not_key_on_are_tolerated()
    {
        var body = Encoding.UTF8.GetBytes("""{"action":"created","brand_new":{"x":[1]},"data":{"issue":{"id":1,"count":{"odd":true},"level":7,"firstSeen":"not a date","newField":[]}}}""");
        var change = Assert.IsType<IssueChanged>(WebhookParser.Parse("issue", body, TestDeliveries.For(body)).Command);
        Assert.Equal("1", change.Issue.Id);
        Assert.Null(change.Issue.Count);
        Assert.Null(change.Issue.FirstSeen);
    }
}
