using System.Net;
using System.Text;
using System.Text.Json;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Http;

/// <summary>The list endpoints over HTTP: filters, the next link, and 400 problem details for anything not understood.</summary>
public sealed class ListApiTests(ServiceHostFixture fixture) : IClassFixture<ServiceHostFixture>
{
    private ServiceHost Host => fixture.Host;

    private static byte[] IssueBody(string id, string action, string status, string project, string? team = null) =>
        Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Fixtures.Bytes("issue.created"))
            .Replace("\"id\": \"1234567890\"", $"\"id\": \"{id}\"", StringComparison.Ordinal)
            .Replace("\"action\": \"created\"", $"\"action\": \"{action}\"", StringComparison.Ordinal)
            .Replace("\"status\": \"unresolved\"", $"\"status\": \"{status}\"", StringComparison.Ordinal)
            .Replace("\"slug\": \"python\"", $"\"slug\": \"{project}\"", StringComparison.Ordinal)
            .Replace("\"assignedTo\": null", team is null ? "\"assignedTo\": null" : $"\"assignedTo\": {{\"type\": \"team\", \"id\": \"9\", \"name\": \"{team}\"}}", StringComparison.Ordinal));

    [Fact]
    public async Task Unresolved_issues_of_a_project_assigned_to_a_team_page_with_a_next_link()
    {
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal("applied", await Host.Webhooks.SendOkAsync("issue", IssueBody($"{11000 + i}", "created", "unresolved", "backend", team: i % 2 == 0 ? "payments" : null)));
        }

        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("issue", IssueBody("11000", "resolved", "resolved", "backend", team: "payments")));
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("issue", IssueBody("11100", "created", "unresolved", "frontend", team: "payments")));

        var keys = new List<string>();
        string? next = "/api/issues?project=backend&status=unresolved&assignee=%23payments&limit=2";
        while (next is not null)
        {
            var page = (await Host.Webhooks.GetJsonAsync(next))!.Value;
            keys.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()!));
            Assert.All(page.GetProperty("items").EnumerateArray(), i => Assert.Equal("unresolved", i.GetProperty("status").GetString()));
            next = page.GetProperty("next").GetString();
        }

        Assert.Equal(["11002", "11004", "11006"], keys.Order());
    }

    public static TheoryData<string, string> BadQueries => new()
    {
        { "/api/issues?colour=red", "Unknown parameter 'colour'" },
        { "/api/issues?hasPr=maybe", "'hasPr' must be true or false" },
        { "/api/issues?sort=title", "'sort' must be one of updatedAt, lastSeen" },
        { "/api/issues?seerStage=done", "'seerStage' must be a Seer stage" },
        { "/api/issues?updatedSince=yesterday", "'updatedSince' must be a date and time" },
        { "/api/issues?limit=0", "'limit' must be a whole number from 1 to 500" },
        { "/api/issues?limit=501", "'limit' must be a whole number from 1 to 500" },
        { "/api/issues?cursor=not-a-cursor", "'cursor' is not a cursor this API gave" },
        { "/api/issues?status=resolved&status=ignored", "'status' is given 2 times" },
        { "/api/seer-runs?issue=abc", "'issue' must be a positive integer" },
        { "/api/seer-runs?stalled=yes", "'stalled' must be true or false" },
        { "/api/metric-alerts?status=firing", "'status' must be one of critical, warning, resolved, open" },
        { "/api/installations?status=bogus", "'status' must be one of pending, installed, failed, deleted" },
        { "/api/changes?after=xyz", "'after' is not a feed cursor" },
        { "/api/changes?kinds=issue.exploded", "'kinds' has unknown 'issue.exploded'" },
        { "/api/changes?wait=10m", "'wait' must be a duration" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task Unknown_filters_and_bad_values_are_400_problem_details(string path, string detail)
    {
        using var response = await Host.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
