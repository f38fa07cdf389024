using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sentry.Grains.Installations;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Installations;

/// <summary>
/// The OAuth flow end to end: signed webhooks into <c>POST /webhooks/sentry</c> of the real host, a fake Sentry
/// on 127.0.0.1, and the internal API (with an API key) to read the installation, the list and the token.
/// </summary>
public sealed class InstallationFlowTests(InstallationHost fixture) : IClassFixture<InstallationHost>
{
    private ServiceHost Host => fixture.Host;

    private FakeSentry Sentry => fixture.Sentry;

    [Fact]
    public async Task Created_is_answered_before_the_exchange_then_installed_with_a_token_from_the_token_endpoint()
    {
        var uuid = InstallationBodies.NewUuid();
        var code = InstallationBodies.NewCode();

        using (Sentry.Hold(uuid))
        {
            // The webhook is answered while Sentry has not answered the exchange yet.
            Assert.Equal("applied", await Host.Webhooks.SendOkAsync("installation", InstallationBodies.Created(uuid, code)));
            await Eventually.UntilAsync(() => Sentry.Arrived(uuid, FakeSentryEndpoint.Exchange) == 1, "the exchange to reach Sentry");
            Assert.Empty(Sentry.CallsTo(FakeSentryEndpoint.Exchange, uuid));
        }

        var installation = await WaitForStatusAsync(uuid, "installed");
        Assert.Equal(201, Assert.Single(Sentry.CallsTo(FakeSentryEndpoint.Exchange, uuid)).Status);
        Assert.Equal(200, Assert.Single(Sentry.CallsTo(FakeSentryEndpoint.Verify, uuid)).Status);
        Assert.Equal(1, installation.GetProperty("attempts").GetInt32());

        using var response = await Host.Http.GetAsync($"/api/installations/{uuid}/token");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Sentry.CurrentToken(uuid), token.GetProperty("token").GetString());
        Assert.Equal(installation.GetProperty("tokenExpiresAt").GetDateTimeOffset(), token.GetProperty("expiresAt").GetDateTimeOffset());

        var text = installation.GetRawText();
        Assert.All(Sentry.IssuedSecrets(uuid).Append(code), secret => Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_redelivered_created_exchanges_the_code_once()
    {
        var uuid = InstallationBodies.NewUuid();
        var body = InstallationBodies.Created(uuid, InstallationBodies.NewCode());

        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("installation", body));
        Assert.Equal("duplicate", await Host.Webhooks.SendOkAsync("installation", body, timestamp: Host.Webhooks.NextTimestamp() + 300));
        await WaitForStatusAsync(uuid, "installed");
        Assert.Equal("duplicate", await Host.Webhooks.SendOkAsync("installation", body));

        Assert.Single(Sentry.CallsTo(FakeSentryEndpoint.Exchange, uuid));
        Assert.Single(Sentry.CallsTo(FakeSentryEndpoint.Verify, uuid));
    }

    [Fact]
    public async Task While_pending_the_attempts_show_and_the_token_endpoint_answers_409()
    {
        var uuid = InstallationBodies.NewUuid();
        Sentry.FailNext(uuid, FakeSentryEndpoint.Exchange, 10, HttpStatusCode.BadGateway); // backoff keeps it pending for minutes

        await Host.Webhooks.SendOkAsync("installation", InstallationBodies.Created(uuid, InstallationBodies.NewCode()));
        var pending = await Eventually.ThatAsync(() => Host.Webhooks.GetJsonAsync($"/api/installations/{uuid}"), i => i!.Value.GetProperty("attempts").GetInt32() >= 1, "a failed attempt");

        Assert.Equal("pending", pending!.Value.GetProperty("status").GetString());
        Assert.Contains("502", pending.Value.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, pending.Value.GetProperty("nextAttemptAt").ValueKind);
        await AssertTokenConflictAsync(uuid, "The installation is pending");
    }

    [Fact]
    public async Task A_refused_code_fails_with_the_reason_and_the_token_endpoint_answers_409()
    {
        var uuid = InstallationBodies.NewUuid();
        Sentry.FailNext(uuid, FakeSentryEndpoint.Exchange, 1, HttpStatusCode.BadRequest);

        await Host.Webhooks.SendOkAsync("installation", InstallationBodies.Created(uuid, InstallationBodies.NewCode()));
        var failed = await WaitForStatusAsync(uuid, "failed");

        Assert.Contains("400", failed.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        await AssertTokenConflictAsync(uuid, "The installation is failed");
    }

    [Fact]
    public async Task Deleted_wipes_the_stored_tokens_the_token_endpoint_answers_409_and_a_late_created_stays_deleted()
    {
        var uuid = InstallationBodies.NewUuid();
        var code = InstallationBodies.NewCode();
        await Host.Webhooks.SendOkAsync("installation", InstallationBodies.Created(uuid, code));
        await WaitForStatusAsync(uuid, "installed");
        var grain = Host.Grains.GetGrain<IInstallationGrain>(uuid);
        var keyId = TokenProtector.KeyIdOf(Convert.FromBase64String(GrainCluster.TokenEncryptionKey));
        Assert.Contains(keyId, StoredState.Read(Host.Services, grain, "installation"), StringComparison.Ordinal);

        Assert.Equal("applied", await Host.Webhooks.SendOkAsync("installation", InstallationBodies.Deleted(uuid)));

        var stored = StoredState.Read(Host.Services, grain, "installation");
        Assert.DoesNotContain(keyId, stored, StringComparison.Ordinal);
        Assert.All(Sentry.IssuedSecrets(uuid).Append(code), secret => Assert.DoesNotContain(secret, stored, StringComparison.OrdinalIgnoreCase));
        await AssertTokenConflictAsync(uuid, "The installation is deleted");

        Assert.Equal("stale", await Host.Webhooks.SendOkAsync("installation", InstallationBodies.Created(uuid, InstallationBodies.NewCode())));
        Assert.Equal("deleted", (await Host.Webhooks.GetJsonAsync($"/api/installations/{uuid}"))!.Value.GetProperty("status").GetString());
        Assert.Single(Sentry.CallsTo(FakeSentryEndpoint.Exchange, uuid));
    }

    [Fact]
    public async Task Fifty_concurrent_token_requests_during_a_refresh_get_its_token_from_one_refresh_call()
    {
        var uuid = InstallationBodies.NewUuid();
        Sentry.SetLifetimes(uuid, exchanged: TimeSpan.FromMinutes(4), refreshed: FakeSentry.TokenLifetime); // the first token is born inside the 5-minute skew

        Task<HttpResponseMessage>[] requests;
        using (Sentry.Hold(uuid, FakeSentryEndpoint.Refresh))
        {
            await Host.Webhooks.SendOkAsync("installation", InstallationBodies.Created(uuid, InstallationBodies.NewCode()));
            await Eventually.UntilAsync(() => Sentry.Arrived(uuid, FakeSentryEndpoint.Refresh) == 1, "the refresh to reach Sentry");
            requests = [.. Enumerable.Range(0, 50).Select(_ => Host.Http.GetAsync($"/api/installations/{uuid}/token"))];
        }

        var responses = await Task.WhenAll(requests);
        var refreshed = Sentry.CurrentToken(uuid);
        foreach (var response in responses)
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(refreshed, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString());
            }
        }

        Assert.Equal(201, Assert.Single(Sentry.CallsTo(FakeSentryEndpoint.Refresh, uuid)).Status);
    }

    [Fact]
    public async Task The_list_filters_by_status()
    {
        var installed = InstallationBodies.NewUuid();
        var deleted = InstallationBodies.NewUuid();
        await Host.Webhooks.SendOkAsync("installation", InstallationBodies.Created(installed, InstallationBodies.NewCode()));
        await Host.Webhooks.SendOkAsync("installation", InstallationBodies.Deleted(deleted));
        await WaitForStatusAsync(installed, "installed");

        var onlyInstalled = await Eventually.ThatAsync(
            () => Host.Webhooks.GetJsonAsync("/api/installations?status=installed"),
            list => list!.Value.GetProperty("items").EnumerateArray().Any(row => row.GetProperty("key").GetString() == installed),
            "the installed installation in the list");
        Assert.All(onlyInstalled!.Value.GetProperty("items").EnumerateArray(), row => Assert.Equal("installed", row.GetProperty("status").GetString()));
        Assert.DoesNotContain(onlyInstalled.Value.GetProperty("items").EnumerateArray(), row => row.GetProperty("key").GetString() == deleted);
        Assert.Contains(
            (await Host.Webhooks.GetJsonAsync("/api/installations?status=deleted"))!.Value.GetProperty("items").EnumerateArray(),
            row => row.GetProperty("key").GetString() == deleted && row.GetProperty("organizationSlug").GetString() == "test-org");
        var all = (await Host.Webhooks.GetJsonAsync("/api/installations"))!.Value.GetProperty("items").EnumerateArray().Select(row => row.GetProperty("key").GetString()).ToList();
        Assert.Contains(installed, all);
        Assert.Contains(deleted, all);

        using var unknown = await Host.Http.GetAsync("/api/installations?status=bogus");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task Tokens_codes_and_the_client_secret_never_reach_the_logs()
    {
        var uuid = InstallationBodies.NewUuid();
        var code = InstallationBodies.NewCode();
        var refused = InstallationBodies.NewUuid();
        var refusedCode = InstallationBodies.NewCode();
        Sentry.SetLifetimes(uuid, exchanged: TimeSpan.FromMinutes(4), refreshed: FakeSentry.TokenLifetime); // exchange, verify, then a refresh at once
        Sentry.FailNext(uuid, FakeSentryEndpoint.Exchange, 1, HttpStatusCode.ServiceUnavailable);
        Sentry.FailNext(refused, FakeSentryEndpoint.Exchange, 1, HttpStatusCode.Unauthorized);

        await Host.Webhooks.SendOkAsync("installation", InstallationBodies.Created(uuid, code));
        await Host.Webhooks.SendOkAsync("installation", InstallationBodies.Created(refused, refusedCode));
        await Eventually.ThatAsync(() => Host.Webhooks.GetJsonAsync($"/api/installations/{uuid}"), i => i!.Value.TryGetProperty("lastRefreshedAt", out var at) && at.ValueKind == JsonValueKind.String, "the refresh");
        await WaitForStatusAsync(refused, "failed");
        using (var token = await Host.Http.GetAsync($"/api/installations/{uuid}/token"))
        {
            Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        }

        var logs = string.Join("\n", fixture.Logs.Lines);
        Assert.Contains($"Installation {uuid}: token refreshed", logs, StringComparison.Ordinal);
        Assert.Contains($"Installation {refused}: Exchange refused", logs, StringComparison.Ordinal);
        Assert.Contains("/authorizations/", logs, StringComparison.Ordinal); // HttpClient's own logging is captured too
        string[] secrets = [.. Sentry.IssuedSecrets(uuid), code, refusedCode, ServiceHost.Secret];
        Assert.Equal(7, secrets.Length); // two token pairs, two codes, the client secret
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, logs, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task In_Development_a_configured_api_key_is_required()
    {
        using var anonymous = new HttpClient { BaseAddress = Host.Address };
        using var response = await anonymous.GetAsync("/api/installations");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<JsonElement> WaitForStatusAsync(string uuid, string status) =>
        (await Eventually.ThatAsync(
            () => Host.Webhooks.GetJsonAsync($"/api/installations/{uuid}"),
            installation => installation?.GetProperty("status").GetString() == status,
            $"{uuid} {status}"))!.Value;

    private async Task AssertTokenConflictAsync(string uuid, string title)
    {
        using var response = await Host.Http.GetAsync($"/api/installations/{uuid}/token");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.False(problem.TryGetProperty("token", out _));
    }
}
