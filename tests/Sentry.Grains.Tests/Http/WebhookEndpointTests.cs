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
        var newer = Host.Webhooks.NextTimestamp() - 100;
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
        var rowsBefore = StoredState.RowCount(Host.Services);
        Assert.Equal("ignored", await Host.Webhooks.SendOkAsync("issue", Encoding.UTF8.GetBytes("""{"action":"merged","data":{"issue":{"id":"555"}}}""")));
        Assert.Null(await Host.Webhooks.GetJsonAsync("/api/issues/555"));
        Assert.Equal(rowsBefore, StoredState.RowCount(Host.Services));
    }

    [Fact]
    public async Task The_previous_secret_is_accepted_during_rotation()
    {
        var body = Encoding.UTF8.GetBytes("""{"action":"created","data":{"comment":"rotated","comment_id":1,"issue_id":"7001"}}""");
        using var response = await Host.Webhooks.SendAsync("comment", body, signature: Silo.Webhooks.WebhookSignature.Sign(body, ServiceHost.PreviousSecret));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Each row: what was wrong, the answer, the detail it names, and the body (with a valid issue id unless the id is the point).</summary>
    public static TheoryData<string, HttpStatusCode, string> Rejections => new()
    {
        { "missing signature", HttpStatusCode.Unauthorized, "Sentry-Hook-Signature header is missing" },
        { "wrong secret", HttpStatusCode.Unauthorized, "does not match" },
        { "uppercase signature", HttpStatusCode.Unauthorized, "does not match" },
        { "missing key field", HttpStatusCode.BadRequest, "'data.issue.id' is missing" },
        { "path as key", HttpStatusCode.BadRequest, "'data.issue.id' must be a positive integer" },
        { "5000 digits as key", HttpStatusCode.BadRequest, "'data.issue.id' must be a positive integer" },
        { "huge number as key", HttpStatusCode.BadRequest, "the number '1.5e300'" },
        { "NUL in key", HttpStatusCode.BadRequest, "\\u0000" },
        { "zero as key", HttpStatusCode.BadRequest, "'data.issue.id' must be a positive integer" },
        { "malformed json", HttpStatusCode.BadRequest, "not valid JSON" },
        { "empty body", HttpStatusCode.BadRequest, "not valid JSON" },
        { "invalid UTF-8 in a string", HttpStatusCode.BadRequest, "not valid UTF-8" },
        { "lone surrogate escape", HttpStatusCode.BadRequest, "cannot be read" },
        { "lone surrogate escape in a member name", HttpStatusCode.BadRequest, "A member name in the body cannot be read" },
        { "duplicate member", HttpStatusCode.BadRequest, "not valid JSON" },
        { "nested too deep", HttpStatusCode.BadRequest, "not valid JSON" },
        { "action not a string", HttpStatusCode.BadRequest, "'action' must be a string" },
        { "request id too long", HttpStatusCode.BadRequest, "Request-ID header must be 1 to 128" },
        { "timestamp not seconds", HttpStatusCode.BadRequest, "Sentry-Hook-Timestamp header must be unix seconds" },
        { "too large", HttpStatusCode.RequestEntityTooLarge, "larger than 1048576 bytes" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task Rejected_webhooks_answer_problem_details_and_write_nothing(string @case, HttpStatusCode status, string detail)
    {
        const string IssueId = "8100";
        var valid = Issue($"\"{IssueId}\"");
        var rowsBefore = StoredState.RowCount(Host.Services);
        using var response = @case switch
        {
            "missing signature" => await Host.Webhooks.SendAsync("issue", valid, sign: false),
            "wrong secret" => await Host.Webhooks.SendAsync("issue", valid, signature: Silo.Webhooks.WebhookSignature.Sign(valid, "not-the-secret")),
            "uppercase signature" => await Host.Webhooks.SendAsync("issue", valid, signature: Silo.Webhooks.WebhookSignature.Sign(valid, ServiceHost.Secret).ToUpperInvariant()),
            "missing key field" => await Host.Webhooks.SendAsync("issue", Encoding.UTF8.GetBytes("""{"action":"created","data":{"issue":{"status":"unresolved"}}}""")),
            "path as key" => await Host.Webhooks.SendAsync("issue", Issue("\"../../8100\"")),
            "5000 digits as key" => await Host.Webhooks.SendAsync("issue", Issue(new string('8', 5000))),
            "huge number as key" => await Host.Webhooks.SendAsync("issue", Issue("1.5e300")),
            "NUL in key" => await Host.Webhooks.SendAsync("issue", Issue("\"8100\\u0000\"")),
            "zero as key" => await Host.Webhooks.SendAsync("issue", Issue("0")),
            "malformed json" => await Host.Webhooks.SendAsync("issue", valid[..^2]),
            "empty body" => await Host.Webhooks.SendAsync("issue", []),
            "invalid UTF-8 in a string" => await Host.Webhooks.SendAsync("issue", [.. Encoding.UTF8.GetBytes("{\"action\":\"created\",\"data\":{\"issue\":{\"id\":\"8100\",\"title\":\"a"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}}}")]),
            "lone surrogate escape" => await Host.Webhooks.SendAsync("issue", Encoding.UTF8.GetBytes("""{"action":"created","data":{"issue":{"id":"8100","title":"\ud800"}}}""")),
            "lone surrogate escape in a member name" => await Host.Webhooks.SendAsync("issue", Encoding.UTF8.GetBytes("""{"action":"created","data":{"issue":{"id":"8100","t\udc00\ud800itle":"x"}}}""")),
            "duplicate member" => await Host.Webhooks.SendAsync("issue", Encoding.UTF8.GetBytes("""{"action":"created","data":{"issue":{"id":"8100","id":"8101"}}}""")),
            "nested too deep" => await Host.Webhooks.SendAsync("issue", Encoding.UTF8.GetBytes("{\"action\":\"created\",\"data\":{\"issue\":{\"id\":\"8100\",\"x\":" + new string('[', 100) + new string(']', 100) + "}}}")),
            "action not a string" => await Host.Webhooks.SendAsync("issue", Encoding.UTF8.GetBytes("""{"action":["created"],"data":{"issue":{"id":"8100"}}}""")),
            "request id too long" => await Host.Webhooks.SendAsync("issue", valid, requestId: new string('a', 129)),
            "timestamp not seconds" => await Host.Http.SendAsync(Signed(valid, timestamp: "1795046400000000000000")),
            "too large" => await Host.Webhooks.SendAsync("issue", [.. valid[..^1], .. Encoding.UTF8.GetBytes($",\"pad\":\"{new string('x', 1024 * 1024)}\"}}")]),
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(rowsBefore, StoredState.RowCount(Host.Services));
        Assert.Null(await Host.Webhooks.GetJsonAsync($"/api/issues/{IssueId}"));
    }

    /// <summary>
    /// An event without a readable datetime falls back to its unix timestamp; one a DateTimeOffset cannot hold (before year 1
    /// in milliseconds: -2.5e11 s) made FromUnixTimeMilliseconds throw, a 500. Found by the webhook fuzz.
    /// </summary>
    [Theory]
    [InlineData("-2.5e11", "8301")]
    [InlineData("-253402300798", "8302")]
    [InlineData("-62135596801", "8303")]
    [InlineData("253402300800", "8304")]
    public async Task An_event_time_beyond_what_a_DateTimeOffset_holds_is_applied_without_a_time(string timestamp, string issueId)
    {
        var body = Encoding.UTF8.GetBytes(
            "{\"action\":\"triggered\",\"data\":{\"event\":{\"event_id\":\"e4874d664c3540c1a32eab185f12c5ab\",\"issue_id\":\"" + issueId + "\",\"datetime\":\"now\",\"timestamp\":" + timestamp + "}}}");
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("event_alert", body));

        var recent = (await Host.Webhooks.GetJsonAsync($"/api/issues/{issueId}"))!.Value.GetProperty("recentEvents");
        Assert.Equal(JsonValueKind.Null, Assert.Single(recent.EnumerateArray()).GetProperty("occurredAt").ValueKind);
    }

    [Fact]
    public async Task An_event_time_in_unix_seconds_is_read_when_its_datetime_is_not()
    {
        var body = Encoding.UTF8.GetBytes("""{"action":"triggered","data":{"event":{"event_id":"e4874d664c3540c1a32eab185f12c5ab","issue_id":"8305","timestamp":1566248777.677}}}""");
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("event_alert", body));

        var recent = (await Host.Webhooks.GetJsonAsync("/api/issues/8305"))!.Value.GetProperty("recentEvents");
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1566248777677), Assert.Single(recent.EnumerateArray()).GetProperty("occurredAt").GetDateTimeOffset());
    }

    private static byte[] Issue(string idJson) =>
        Encoding.UTF8.GetBytes("{\"action\":\"created\",\"data\":{\"issue\":{\"id\":" + idJson + ",\"status\":\"unresolved\"}}}");

    private static HttpRequestMessage Signed(byte[] body, string timestamp)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Silo.Webhooks.WebhookEndpoint.Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(Silo.Webhooks.SentryHeaders.Resource, "issue");
        request.Headers.Add(Silo.Webhooks.SentryHeaders.RequestId, TestDeliveries.NewRequestId());
        request.Headers.Add(Silo.Webhooks.SentryHeaders.Timestamp, timestamp);
        request.Headers.Add(Silo.Webhooks.SentryHeaders.Signature, Silo.Webhooks.WebhookSignature.Sign(body, ServiceHost.Secret));
        return request;
    }

    [Theory]
    [InlineData("/api/issues/999999999")]
    [InlineData("/api/installations/0b0b0b0b-0000-4000-8000-000000000000")]
    [InlineData("/api/installations/0b0b0b0b-0000-4000-8000-000000000000/token")]
    [InlineData("/api/seer-runs/999999999")]
    [InlineData("/api/issues/999999999/seer-runs")]
    [InlineData("/api/metric-alerts/999999999")]
    public async Task Never_seen_resources_are_404_problem_details(string path)
    {
        using var response = await Host.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<string> MisshapenIds => new()
    {
        "/api/issues/nope",
        "/api/issues/..%2F..%2Fx",
        $"/api/issues/{new string('9', 5000)}",
        "/api/issues/1.5e300",
        "/api/issues/-5",
        "/api/issues/0",
        "/api/issues/nope/seer-runs",
        "/api/seer-runs/abc",
        "/api/metric-alerts/4x",
        "/api/installations/nope",
        "/api/installations/a8e5d37a696c4c54adb5b3f28d64c7de",
        "/api/installations/nope/token",
    };

    [Theory]
    [MemberData(nameof(MisshapenIds))]
    public async Task Ids_of_the_wrong_shape_are_400_problem_details(string path)
    {
        using var response = await Host.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("must be", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_numeric_key_and_its_string_are_the_same_grain()
    {
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("comment", Encoding.UTF8.GetBytes("""{"action":"created","data":{"comment":"as a number","comment_id":1,"issue_id":8200}}""")));
        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("comment", Encoding.UTF8.GetBytes("""{"action":"created","data":{"comment":"as a string","comment_id":"2","issue_id":"08200"}}""")));
        var comments = (await Host.Webhooks.GetJsonAsync("/api/issues/8200"))!.Value.GetProperty("comments");
        Assert.Equal(["1", "2"], comments.EnumerateArray().Select(c => c.GetProperty("commentId").GetString()));
        Assert.Equal(2, (await Host.Webhooks.GetJsonAsync("/api/issues/0008200"))!.Value.GetProperty("comments").GetArrayLength());
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.GetAsync("/health/ready")).StatusCode);
    }
}
