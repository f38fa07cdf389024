using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Postgres;

/// <summary>
/// A state write that fails (the database is down, or another writer moved the version on) answers
/// 503, leaves nothing half-applied in the grain, and the same webhook redelivered later applies once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StateWriteFailureTests(PostgresDatabase<StateWriteFailureTests> database) : IClassFixture<PostgresDatabase<StateWriteFailureTests>>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task While_the_database_is_down_webhooks_answer_503_and_after_it_is_back_they_apply_once()
    {
        await using var host = await ServiceHost.StartAsync(PostgresSettings.AsArguments(database.ConnectionString, "outage-test", "sentry-grains"));
        var t = host.Webhooks.NextTimestamp();
        Assert.Equal("applied", await host.Webhooks.SendOkAsync("issue", IssueBody("6001", "created", "unresolved"), timestamp: t));
        Assert.Equal("unresolved", await StatusAsync(host, "6001"));

        var failing = new (string Resource, byte[] Body, long Timestamp)[]
        {
            ("issue", IssueBody("6001", "resolved", "resolved"), t + 10),                       // an active grain
            ("comment", CommentBody("6001", "1", "written during the outage"), t + 11),      // the same grain again
            ("error", ErrorBody("6002", "0000000000000000000000000000e602"), t + 12),                            // a grain not yet active
        };

        PostgresServer.Instance.Stop();
        try
        {
            await Eventually.StatusAsync(host.Http, "/health/ready", HttpStatusCode.ServiceUnavailable, Patience);
            Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/health/live")).StatusCode);

            foreach (var (resource, body, timestamp) in failing)
            {
                using var response = await host.Webhooks.SendAsync(resource, body, timestamp: timestamp);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }

            // Both issues answered 503 wait for a reconciliation with Sentry (README, "Reconciliation").
            Assert.Equal(2, host.Services.GetRequiredService<Sentry.Grains.Reconciliation.ReconcileRequests>().Count);

            // The grain did not keep the change it could not write: it either answers from the
            // reloaded state or, the reload having failed too, was dropped and cannot answer now.
            using var read = await host.Http.GetAsync("/api/issues/6001");
            if (read.IsSuccessStatusCode)
            {
                Assert.Equal("unresolved", JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.GetProperty("issue").GetProperty("status").GetString());
            }
            else
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
            }

            // A grain whose state cannot be loaded answers 503 problem details, not 500.
            using var unloadable = await host.Http.GetAsync("/api/issues/6002");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unloadable.StatusCode);
            Assert.Equal("application/problem+json", unloadable.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            PostgresServer.Instance.Restart();
        }

        await Eventually.StatusAsync(host.Http, "/health/ready", HttpStatusCode.OK, Patience);
        var issue = await host.Webhooks.GetJsonAsync("/api/issues/6001");
        Assert.Equal("unresolved", issue!.Value.GetProperty("issue").GetProperty("status").GetString());
        Assert.Empty(issue.Value.GetProperty("comments").EnumerateArray());
        Assert.Null(await host.Webhooks.GetJsonAsync("/api/issues/6002"));

        foreach (var (resource, body, timestamp) in failing)
        {
            // Sentry's retry of a 503: same body, new Request-ID and a later timestamp.
            Assert.Equal("applied", await RedeliverUntilAnsweredAsync(host, resource, body, timestamp + 300));
            Assert.Equal("duplicate", await host.Webhooks.SendOkAsync(resource, body, timestamp: timestamp + 600));
        }

        issue = await host.Webhooks.GetJsonAsync("/api/issues/6001");
        Assert.Equal("resolved", issue!.Value.GetProperty("issue").GetProperty("status").GetString());
        Assert.Single(issue.Value.GetProperty("comments").EnumerateArray());
        Assert.Equal(1, (await host.Webhooks.GetJsonAsync("/api/issues/6002"))!.Value.GetProperty("eventCount").GetInt64());
    }

    [Fact]
    public async Task A_version_conflict_answers_503_reloads_the_grain_and_the_redelivery_applies_once()
    {
        await using var host = await ServiceHost.StartAsync(PostgresSettings.AsArguments(database.ConnectionString, "etag-test", "sentry-grains"));
        var t = host.Webhooks.NextTimestamp();
        Assert.Equal("applied", await host.Webhooks.SendOkAsync("issue", IssueBody("6101", "created", "unresolved"), timestamp: t));

        // Another writer (a second activation in a split brain) moved the stored version on.
        await DatabaseSnapshot.ExecuteAsync(database.ConnectionString, $"UPDATE orleansstorage SET version = version + 1 WHERE {DatabaseSnapshot.StateRow("issue", "6101")}");

        var resolved = IssueBody("6101", "resolved", "resolved");
        using (var conflict = await host.Webhooks.SendAsync("issue", resolved, timestamp: t + 10))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, conflict.StatusCode);
        }

        Assert.Equal("unresolved", await StatusAsync(host, "6101"));
        Assert.Equal("applied", await host.Webhooks.SendOkAsync("issue", resolved, timestamp: t + 300));
        Assert.Equal("duplicate", await host.Webhooks.SendOkAsync("issue", resolved, timestamp: t + 600));
        Assert.Equal("resolved", await StatusAsync(host, "6101"));
    }

    /// <summary>
    /// Sends until the answer is not 503: right after the database comes back a pooled connection
    /// may still be a dead one, and that webhook answers 503 again (Sentry would retry it too).
    /// </summary>
    private static async Task<string> RedeliverUntilAnsweredAsync(ServiceHost host, string resource, byte[] body, long timestamp)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await host.Webhooks.SendAsync(resource, body, timestamp: timestamp);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 5)
            {
                Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
                return JsonDocument.Parse(text).RootElement.GetProperty("outcome").GetString()!;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
        }
    }

    private static async Task<string?> StatusAsync(ServiceHost host, string issueId) =>
        (await host.Webhooks.GetJsonAsync($"/api/issues/{issueId}"))?.GetProperty("issue").GetProperty("status").GetString();

    public static byte[] IssueBody(string id, string action, string status) =>
        JsonSerializer.SerializeToUtf8Bytes(new { action, data = new { issue = new { id, status, title = $"Issue {id}" } } });

    public static byte[] CommentBody(string issueId, string commentId, string text) =>
        JsonSerializer.SerializeToUtf8Bytes(new { action = "created", data = new { issue_id = issueId, comment_id = commentId, comment = text } });

    public static byte[] ErrorBody(string issueId, string eventId) =>
        JsonSerializer.SerializeToUtf8Bytes(new { action = "created", data = new { error = new { issue_id = issueId, event_id = eventId, title = "boom" } } });
}
