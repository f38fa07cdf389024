using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sentry.Grains.SentryApi;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.SentryApi;

/// <summary>
/// The client's read API against the fake Sentry over HTTP: typed answers with their raw JSON and rate-limit
/// headers, drift set in the fake, 404/401/403 told apart, 429 with its wait, notes across Link pages. Each test
/// uses an organization of its own, and the fake and the client share a clock that only the test moves (so the
/// fake's one-second rate windows never roll in the middle of a test).
/// </summary>
public sealed class SentryReadApiTests : IAsyncLifetime
{
    private const string Secret = "client-secret-for-the-read-tests";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly string organization = "org-" + Guid.NewGuid().ToString("N")[..8];
    private FakeSentry sentry = null!;
    private SentryApiClient client = null!;

    public async Task InitializeAsync()
    {
        sentry = await FakeSentry.StartAsync("client-id", Secret, time);
        client = new SentryApiClient(
            new HttpClient { BaseAddress = sentry.BaseUrl, Timeout = TimeSpan.FromSeconds(30) },
            Options.Create(new SentryOptions { ClientId = "client-id", ClientSecret = Secret }),
            time);
    }

    public async Task DisposeAsync() => await sentry.DisposeAsync();

    [Fact]
    public async Task Issue_details_are_typed_keep_the_raw_json_and_follow_what_Sentry_holds_now()
    {
        var token = await InstallAsync(organization);
        var issue = FakeSentry.NewIssue("101", numComments: 2);
        issue["assignedTo"] = new JsonObject { ["type"] = "user", ["id"] = "9", ["name"] = "Jane Doe", ["email"] = "jane@example.com" };
        issue["somethingSentryAddedLater"] = new JsonObject { ["x"] = 1 };
        issue.Remove("priority"); // a field Sentry left out
        sentry.SetIssue(organization, issue);

        var answer = await client.GetIssueAsync(organization, "101", token, CancellationToken.None);

        var read = answer.Value;
        Assert.Equal(("101", "TEST-101", "unresolved", "ongoing", "error"), (read.Id, read.ShortId, read.Status, read.Substatus, read.Level));
        Assert.Equal(new SentryAssignee("user", "9", "Jane Doe", "jane@example.com"), read.AssignedTo);
        Assert.Equal(new SentryProjectRef("4505", "backend"), read.Project);
        Assert.Equal((42L, 7L, 2), (read.Count, read.UserCount, read.NumComments));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 10, 0, 0, TimeSpan.Zero), read.LastSeen);
        Assert.Null(read.Priority);
        Assert.Equal("{}", read.StatusDetailsJson);
        Assert.Contains("somethingSentryAddedLater", read.RawJson, StringComparison.Ordinal);
        Assert.Equal(new SentryRateLimit(FakeSentry.DefaultRequestsPerSecond, FakeSentry.DefaultRequestsPerSecond - 1, time.GetUtcNow().AddSeconds(1).AddTicks(0), FakeSentry.ConcurrentLimit, FakeSentry.ConcurrentLimit - 1), answer.RateLimit);

        // Sentry changes the issue and no webhook says so: the next read sees Sentry's truth.
        sentry.UpdateIssue(organization, "101", i =>
        {
            i["status"] = "resolved";
            i["substatus"] = null;
            i["statusDetails"] = new JsonObject { ["inNextRelease"] = true };
        });
        var drifted = (await client.GetIssueAsync(organization, "101", token, CancellationToken.None)).Value;
        Assert.Equal(("resolved", null, """{"inNextRelease":true}"""), (drifted.Status, drifted.Substatus, drifted.StatusDetailsJson));
        Assert.Equal(2, sentry.Calls.Count(c => c.Endpoint == FakeSentryEndpoint.Issue && c.Organization == organization && c.Status == 200));
    }

    [Fact]
    public async Task Deleted_issues_and_refused_tokens_are_told_apart_by_status()
    {
        var token = await InstallAsync(organization);
        var otherToken = await InstallAsync("other-" + organization);
        sentry.SetIssue(organization, FakeSentry.NewIssue("7"));

        sentry.DeleteIssue(organization, "7");
        var deleted = await Assert.ThrowsAsync<SentryApiException>(() => client.GetIssueAsync(organization, "7", token, CancellationToken.None));
        Assert.Equal((HttpStatusCode.NotFound, true, false, false), (deleted.StatusCode, deleted.IsNotFound, deleted.IsTransient, deleted.IsAuthorizationFailure));

        var foreign = await Assert.ThrowsAsync<SentryApiException>(() => client.GetIssueAsync(organization, "7", otherToken, CancellationToken.None));
        Assert.Equal((HttpStatusCode.Forbidden, true, false), (foreign.StatusCode, foreign.IsAuthorizationFailure, foreign.IsNotFound));

        var unknown = await Assert.ThrowsAsync<SentryApiException>(() => client.GetIssueAsync(organization, "7", "not-a-token", CancellationToken.None));
        Assert.Equal((HttpStatusCode.Unauthorized, true), (unknown.StatusCode, unknown.IsAuthorizationFailure));
        Assert.DoesNotContain("not-a-token", unknown.Message, StringComparison.Ordinal);

        sentry.SetIssue(organization, FakeSentry.NewIssue("7"));
        sentry.SetRefusal(organization, HttpStatusCode.Forbidden);
        var refused = await Assert.ThrowsAsync<SentryApiException>(() => client.GetAutofixAsync(organization, "7", token, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        sentry.SetRefusal(organization, null);
        Assert.Equal("7", (await client.GetIssueAsync(organization, "7", token, CancellationToken.None)).Value.Id);
    }

    [Fact]
    public async Task Over_the_budget_429_says_how_long_to_wait_from_Retry_After_or_the_reset_header()
    {
        var token = await InstallAsync(organization);
        sentry.SetIssue(organization, FakeSentry.NewIssue("5"));
        sentry.SetRateLimit(organization, 3);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(3 - i - 1, (await client.GetIssueAsync(organization, "5", token, CancellationToken.None)).RateLimit.Remaining);
        }

        var over = await Assert.ThrowsAsync<SentryApiException>(() => client.GetIssueAsync(organization, "5", token, CancellationToken.None));
        Assert.Equal((HttpStatusCode.TooManyRequests, true, true), (over.StatusCode, over.IsRateLimited, over.IsTransient));
        Assert.Equal(TimeSpan.FromSeconds(1), over.RetryAfter); // Retry-After: the rest of this second
        Assert.Equal(0, over.RateLimit!.Remaining);
        var perSecond = sentry.Calls.Where(c => c.Organization == organization && c.Endpoint == FakeSentryEndpoint.Issue).GroupBy(c => c.At.ToUnixTimeSeconds());
        Assert.All(perSecond, second => Assert.Equal(3, second.Count(c => c.Status == 200)));

        time.Advance(TimeSpan.FromSeconds(1)); // a new window
        Assert.Equal(2, (await client.GetIssueAsync(organization, "5", token, CancellationToken.None)).RateLimit.Remaining);

        sentry.ForceTooManyRequests(organization, TimeSpan.FromSeconds(30));
        var forced = await Assert.ThrowsAsync<SentryApiException>(() => client.ListNotesAsync(organization, "5", token, CancellationToken.None));
        Assert.Equal(TimeSpan.FromSeconds(30), forced.RetryAfter);

        time.Advance(TimeSpan.FromMilliseconds(250));
        sentry.ForceTooManyRequests(organization, retryAfter: null); // only X-Sentry-Rate-Limit-Reset
        var reset = await Assert.ThrowsAsync<SentryApiException>(() => client.GetAutofixAsync(organization, "5", token, CancellationToken.None));
        Assert.Equal(TimeSpan.FromMilliseconds(750), reset.RetryAfter);

        sentry.StopForcingTooManyRequests(organization);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null((await client.GetAutofixAsync(organization, "5", token, CancellationToken.None)).Value);
    }

    [Fact]
    public async Task Autofix_is_null_without_a_run_and_otherwise_its_steps_and_pull_requests()
    {
        var token = await InstallAsync(organization);
        sentry.SetIssue(organization, FakeSentry.NewIssue("11"));

        Assert.Null((await client.GetAutofixAsync(organization, "11", token, CancellationToken.None)).Value);

        var updatedAt = new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero);
        sentry.SetAutofix(organization, "11", FakeSentry.AutofixRun("12345", "COMPLETED", updatedAt, ["root_cause_analysis", "solution", "changes"],
            ("acme/backend", 17, "https://github.com/acme/backend/pull/17"), ("acme/web", 4, "https://github.com/acme/web/pull/4")));
        var run = (await client.GetAutofixAsync(organization, "11", token, CancellationToken.None)).Value!;

        Assert.Equal(("12345", "COMPLETED", updatedAt), (run.RunId, run.Status, run.UpdatedAt));
        Assert.Equal(["root_cause_analysis", "solution", "changes"], run.Steps.Select(s => s.Key));
        Assert.Equal(
            [new SentryPullRequest("acme/backend", 17, "https://github.com/acme/backend/pull/17"), new SentryPullRequest("acme/web", 4, "https://github.com/acme/web/pull/4")],
            run.PullRequests);
        Assert.Contains("\"codebases\"", run.RawJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notes_follow_the_Link_pages_newest_first_up_to_the_page_bound()
    {
        var token = await InstallAsync(organization);
        sentry.SetIssue(organization, FakeSentry.NewIssue("21", numComments: 7));
        sentry.NotesPageSize = 3;
        var first = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= 7; i++)
        {
            sentry.AddNote(organization, "21", $"{1000 + i}", $"note {i}", "jane", first.AddMinutes(i));
        }

        var all = await client.ListNotesAsync(organization, "21", token, CancellationToken.None);
        Assert.Equal((3, true), (all.Value.Pages, all.Value.Complete));
        Assert.Equal(Enumerable.Range(1, 7).Reverse().Select(i => $"note {i}"), all.Value.Notes.Select(n => n.Text));
        var newest = all.Value.Notes[0];
        Assert.Equal(("1007", "jane", first.AddMinutes(7)), (newest.Id, newest.Author!.Name, newest.CreatedAt));
        Assert.Equal(3, sentry.Calls.Count(c => c.Endpoint == FakeSentryEndpoint.Notes && c.Organization == organization));

        var bounded = await client.ListNotesAsync(organization, "21", token, CancellationToken.None, maxPages: 2);
        Assert.Equal((2, false, 6), (bounded.Value.Pages, bounded.Value.Complete, bounded.Value.Notes.Count));
    }

    /// <summary>An installation of <paramref name="org"/> at the fake with a current token.</summary>
    private async Task<string> InstallAsync(string org)
    {
        var uuid = InstallationBodies.NewUuid();
        sentry.SetOrganization(uuid, org);
        return (await client.ExchangeCodeAsync(uuid, InstallationBodies.NewCode(), CancellationToken.None)).Token;
    }
}
