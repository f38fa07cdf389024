using System.Net;
using System.Text;
using System.Text.Json;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Http;

/// <summary>POST /webhooks/sentry against the real host on 127.0.0.1.</summary>
public sealed class WebhookEndpointTests(ServiceHostFixture fixture) : IClassFixture<ServiceHostFixture>
{
    private ServiceHost Host => fixture.Host;

    [Fact]
    public async Task Issue_created_then_resolved_reads_back_resolved()
    {
        var created = Fixtures.Bytes("issue.created");
        var resolved = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(created)
            .Replace("\"action\": \"created\"", "\"action\": \"resolved\"", StringComparison.Ordinal)
            .Replace("\"status\": \"unresolved\"", "\"status\": \"resolved\"", StringComparison.Ordinal));

        using var first = await Host.Webhooks.SendAsync("issue", created, requestId: "0123456789abcdef0123456789abcdef");
        var answer = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("0123456789abcdef0123456789abcdef", answer.GetProperty("requestId").GetString());
        Assert.Equal("issue", answer.GetProperty("resource").GetString());
        Assert.Equal("created", answer.GetProperty("action").GetString());
        Assert.Equal("applied", answer.GetProperty("outcome").GetString());

        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("issue", resolved));

        var issue = (await Host.Webhooks.GetJsonAsync("/api/issues/1234567890"))!.Value;
        Assert.Equal("resolved", issue.GetProperty("issue").GetProperty("status").GetString());
        Assert.Equal("resolved", issue.GetProperty("lastAction").GetString());
        Assert.Equal("PYTHON-Y", issue.GetProperty("issue").GetProperty("shortId").GetString());
    }

    [Fact]
    public async Task Sentrys_retry_of_the_same_body_is_a_duplicate()
    {
        var body = Fixtures.Bytes("metric_alert.critical");
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("metric_alert", body));
        Assert.Equal("duplicate", await Host.Webhooks.SendOkAsync("metric_alert", body, timestamp: Host.Webhooks.NextTimestamp() + 300));

        var alert = (await Host.Webhooks.GetJsonAsync("/api/metric-alerts/4"))!.Value;
        Assert.Single(alert.GetProperty("transitions").EnumerateArray(), t => t.GetProperty("status").GetString() == "critical");
    }

    [Fact]
    public async Task An_older_webhook_is_stale()
    {
        var newer = Host.Webhooks.NextTimestamp() + 1000;
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("issue", Fixtures.Bytes("issue.ignored"), timestamp: newer));
        Assert.Equal("stale", await Host.Webhooks.SendOkAsync("issue", Fixtures.Bytes("issue.assigned"), timestamp: newer - 60));

        var issue = (await Host.Webhooks.GetJsonAsync("/api/issues/1170820242"))!.Value;
        Assert.Equal("ignored", issue.GetProperty("issue").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Every_resource_is_applied_and_readable()
    {
        Assert.Equal("applied", await Host.Webhooks.SendFixtureAsync("comment.created"));
        Assert.Equal("applied", await Host.Webhooks.SendFixtureAsync("event_alert.triggered"));
        Assert.Equal("applied", await Host.Webhooks.SendFixtureAsync("installation.created"));
        Assert.Equal("applied", await Host.Webhooks.SendFixtureAsync("seer.root_cause_completed"));
        Assert.Equal("applied", await Host.Webhooks.SendFixtureAsync("activity_alert.seer_root_cause_completed"));
        Assert.Equal("applied", await Host.Webhooks.SendFixtureAsync("metric_alert.warning"));

        var comment = (await Host.Webhooks.GetJsonAsync("/api/issues/100"))!.Value.GetProperty("comments")[0];
        Assert.Equal(("1234", "adding a comment", "colleen"), (comment.GetProperty("commentId").GetString(), comment.GetProperty("text").GetString(), comment.GetProperty("author").GetString()));

        var withEvent = (await Host.Webhooks.GetJsonAsync("/api/issues/1117540176"))!.Value;
        Assert.Equal(1, withEvent.GetProperty("eventCount").GetInt64());
        Assert.Equal("e4874d664c3540c1a32eab185f12c5ab", withEvent.GetProperty("recentEvents")[0].GetProperty("eventId").GetString());

        var installation = (await Host.Webhooks.GetJsonAsync("/api/installations/a8e5d37a-696c-4c54-adb5-b3f28d64c7de"))!.Value;
        Assert.Equal("test-org", installation.GetProperty("organizationSlug").GetString());
        Assert.DoesNotContain("f3c71b491e3949b6b033ae45312a4fcb", installation.GetRawText(), StringComparison.Ordinal);

        var run = (await Host.Webhooks.GetJsonAsync("/api/seer-runs/12345"))!.Value;
        Assert.Equal("root_cause_completed", run.GetProperty("stage").GetString());

        var activity = (await Host.Webhooks.GetJsonAsync("/api/issues/43"))!.Value.GetProperty("latestActivity");
        Assert.Equal("seer_root_cause_completed", activity.GetProperty("type").GetString());
        Assert.StartsWith("Synthetic test error", activity.GetProperty("details").GetProperty("summary").GetString(), StringComparison.Ordinal);

        var alert = (await Host.Webhooks.GetJsonAsync("/api/metric-alerts/4"))!.Value;
        Assert.Equal("Too many errors", alert.GetProperty("alert").GetProperty("alertRule").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Unknown_resources_and_actions_are_acknowledged_and_ignored()
    {
        Assert.Equal("ignored", await Host.Webhooks.SendOkAsync("size_analysis", Encoding.UTF8.GetBytes("""{"action":"completed","data":{}}""")));
        Assert.Equal("ignored", await Host.Webhooks.SendOkAsync("issue", Encoding.UTF8.GetBytes("""{"action":"merged","data":{"issue":{"id":"555"}}}""")));
        Assert.Null(await Host.Webhooks.GetJsonAsync("/api/issues/555"));
    }

    [Fact]
    public async Task The_previous_secret_is_accepted_during_rotation()
    {
        var body = Encoding.UTF8.GetBytes("""{"action":"created","data":{"comment":"rotated","comment_id":1,"issue_id":"rot-1"}}""");
        using var response = await Host.Webhooks.SendAsync("comment", body, signature: Silo.Webhooks.WebhookSignature.Sign(body, ServiceHost.PreviousSecret));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string, HttpStatusCode, string> Rejections => new()
    {
        { "missing signature", HttpStatusCode.Unauthorized, "Sentry-Hook-Signature header is missing" },
        { "wrong secret", HttpStatusCode.Unauthorized, "does not match" },
        { "uppercase signature", HttpStatusCode.Unauthorized, "does not match" },
        { "missing key field", HttpStatusCode.BadRequest, "data.issue.id" },
        { "malformed json", HttpStatusCode.BadRequest, "not valid JSON" },
        { "empty body", HttpStatusCode.BadRequest, "not valid JSON" },
        { "too large", HttpStatusCode.RequestEntityTooLarge, "larger than 1048576 bytes" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task Rejected_webhooks_answer_problem_details_and_leave_no_state(string @case, HttpStatusCode status, string detail)
    {
        var issueId = "rejected-" + @case.Replace(' ', '-');
        var valid = Encoding.UTF8.GetBytes("{\"action\":\"created\",\"data\":{\"issue\":{\"id\":\"" + issueId + "\",\"status\":\"unresolved\"}}}");
        using var response = @case switch
        {
            "missing signature" => await Host.Webhooks.SendAsync("issue", valid, sign: false),
            "wrong secret" => await Host.Webhooks.SendAsync("issue", valid, signature: Silo.Webhooks.WebhookSignature.Sign(valid, "not-the-secret")),
            "uppercase signature" => await Host.Webhooks.SendAsync("issue", valid, signature: Silo.Webhooks.WebhookSignature.Sign(valid, ServiceHost.Secret).ToUpperInvariant()),
            "missing key field" => await Host.Webhooks.SendAsync("issue", Encoding.UTF8.GetBytes("""{"action":"created","data":{"issue":{"status":"unresolved"}}}""")),
            "malformed json" => await Host.Webhooks.SendAsync("issue", valid[..^2]),
            "empty body" => await Host.Webhooks.SendAsync("issue", []),
            "too large" => await Host.Webhooks.SendAsync("issue", [.. valid[..^1], .. Encoding.UTF8.GetBytes($",\"pad\":\"{new string('x', 1024 * 1024)}\"}}")]),
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await Host.Webhooks.GetJsonAsync($"/api/issues/{issueId}"));
    }

    [Theory]
    [InlineData("/api/issues/nope")]
    [InlineData("/api/installations/nope")]
    [InlineData("/api/seer-runs/nope")]
    [InlineData("/api/metric-alerts/nope")]
    public async Task Never_seen_resources_are_404_problem_details(string path)
    {
        using var response = await Host.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.GetAsync("/health/ready")).StatusCode);
    }
}
