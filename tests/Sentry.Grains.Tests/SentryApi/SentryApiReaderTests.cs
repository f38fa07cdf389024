using System.Text.Json;
using Sentry.Grains.SentryApi;

namespace Sentry.Grains.Tests.SentryApi;

/// <summary>Parsing Sentry's answers defensively: the autofix shapes, odd values, and the Link header.</summary>
public sealed class SentryApiReaderTests
{
    [Fact]
    public void The_current_autofix_shape_reads_blocks_and_repo_pr_states()
    {
        using var document = JsonDocument.Parse("""
            {"autofix": {"run_id": 77, "status": "PROCESSING", "updated_at": "2026-02-03T04:05:06.123Z",
              "blocks": [{"id": "b1", "key": "root_cause", "status": "COMPLETED"}, {"id": "b2", "step": "solution"}, "junk"],
              "pending_user_input": null,
              "repo_pr_states": {"acme/api": {"pr_number": 9, "pr_url": "https://github.com/acme/api/pull/9", "status": "open"}, "acme/none": {}},
              "coding_agents": {}}}
            """);

        var run = SentryApiReader.Autofix(document.RootElement)!;

        Assert.Equal(("77", "PROCESSING"), (run.RunId, run.Status));
        Assert.Equal(["root_cause", "solution"], run.Steps.Select(s => s.Key));
        Assert.Equal([new SentryPullRequest("acme/api", 9, "https://github.com/acme/api/pull/9")], run.PullRequests);
    }

    [Theory]
    [InlineData("""{"autofix": null}""")]
    [InlineData("""{}""")]
    [InlineData("""{"autofix": {"status": "PROCESSING"}}""")]
    [InlineData("""[]""")]
    public void No_run_reads_as_null(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Null(SentryApiReader.Autofix(document.RootElement));
    }

    [Fact]
    public void An_issue_tolerates_values_of_unexpected_kinds()
    {
        using var document = JsonDocument.Parse("""{"id": 5, "count": 12, "userCount": "3", "numComments": "x", "project": "p", "firstSeen": "not a date", "assignedTo": 1}""");

        var issue = SentryApiReader.Issue(document.RootElement)!;

        Assert.Equal(("5", 12L, 3L, null), (issue.Id, issue.Count, issue.UserCount, issue.NumComments));
        Assert.Null(issue.Project);
        Assert.Null(issue.FirstSeen);
        Assert.Null(issue.AssignedTo);
        Assert.Null(SentryApiReader.Issue(JsonDocument.Parse("""{"title": "no id"}""").RootElement));
    }

    [Theory]
    [InlineData("""<https://sentry.io/api/0/x/?&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", <https://sentry.io/api/0/x/?&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0" """, "0:100:0")]
    [InlineData("""<https://sentry.io/api/0/x/?&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", <https://sentry.io/api/0/x/?&cursor=0:100:0>; rel="next"; results="false"; cursor="0:100:0" """, null)]
    [InlineData("""<https://sentry.io/api/0/x/?query=a,b&cursor=1700000000000:0:0>; rel="next"; results="true"; cursor="1700000000000:0:0" """, "1700000000000:0:0")]
    [InlineData("", null)]
    public void The_next_cursor_is_taken_only_when_Sentry_says_there_are_results(string header, string? cursor) =>
        Assert.Equal(cursor, SentryLinkHeader.NextCursor(header));
}
