using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>Sentry's endpoints the fake implements.</summary>
public enum FakeSentryEndpoint
{
    /// <summary><c>POST /api/0/sentry-app-installations/{uuid}/authorizations/</c> with <c>grant_type=authorization_code</c>.</summary>
    Exchange,

    /// <summary>The same endpoint with <c>grant_type=refresh_token</c>.</summary>
    Refresh,

    /// <summary><c>PUT /api/0/sentry-app-installations/{uuid}/</c> with <c>{"status":"installed"}</c>.</summary>
    Verify,

    /// <summary>The authorizations endpoint with <c>grant_type=urn:sentry:params:oauth:grant-type:jwt-bearer</c> (manual refresh).</summary>
    ManualRefresh,

    /// <summary><c>GET /api/0/organizations/{org}/issues/{id}/</c>.</summary>
    Issue,

    /// <summary><c>GET /api/0/organizations/{org}/issues/{id}/autofix/</c>.</summary>
    Autofix,

    /// <summary><c>GET /api/0/organizations/{org}/issues/{id}/notes/</c> (one page).</summary>
    Notes,
}

/// <summary>
/// One request the fake received, and what it answered. <see cref="Uuid"/>: the installation (for the issue
/// endpoints, the one whose token was used, or "" when the token was nobody's); <see cref="Organization"/> and
/// <see cref="IssueId"/> for the issue endpoints.
/// </summary>
public sealed record FakeSentryCall(FakeSentryEndpoint Endpoint, string Uuid, int Status, DateTimeOffset At, string? Organization = null, string? IssueId = null);

/// <summary>
/// A fake Sentry: a real HTTP server (Kestrel on 127.0.0.1) with Sentry's installation endpoints as SENTRY-NOTES
/// section 4 describes them (<c>FakeSentry.Installations.cs</c>) and the read API of <c>/work/notes/sentry-api.md</c>
/// (<c>FakeSentry.Issues.cs</c>): issue details, autofix state and notes, each per organization and only for a current
/// token of an installation of that organization, with Sentry's rate-limit headers on every answer and 429s over a
/// per-organization budget (<c>FakeSentry.RateLimits.cs</c>). It records every call with its time; and fails, slows
/// down or holds answers on demand. What it holds for an issue is set by the test, independently of any webhook (drift).
/// Used by the tests and by the runnable <c>tests/Sentry.Grains.FakeSentry</c>.
/// </summary>
public sealed partial class FakeSentry : IAsyncDisposable
{
    public const string DevelopmentClientId = "development-client-id";
    public const string DevelopmentClientSecret = "sentry-grains-development-secret";

    private readonly object gate = new();
    private readonly List<FakeSentryCall> calls = [];
    private readonly HashSet<string> usedCodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Issued> current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> everIssued = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, FakeSentryEndpoint), Queue<int>> failures = [];
    private readonly Dictionary<string, TimeSpan> delays = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, FakeSentryEndpoint?), TaskCompletionSource> holds = [];
    private readonly Dictionary<(string, FakeSentryEndpoint), int> arrived = [];
    private readonly Dictionary<string, (TimeSpan Exchanged, TimeSpan Refreshed)> lifetimes = new(StringComparer.Ordinal);
    private readonly string clientId;
    private readonly string clientSecret;
    private readonly TimeProvider time;
    private readonly Action<string>? log;
    private WebApplication app = null!;
    private int nextTokenId = 37;

    private FakeSentry(string clientId, string clientSecret, TimeProvider time, Action<string>? log)
    {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.time = time;
        this.log = log;
    }

    /// <summary>Cancelled when the fake's host is told to stop (Ctrl+C, SIGTERM).</summary>
    public CancellationToken Stopping => app.Lifetime.ApplicationStopping;

    /// <summary>Where the service should point <c>Sentry:BaseUrl</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>How long access tokens live unless <see cref="SetLifetimes"/> says otherwise (Sentry: 8 hours).</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(8);

    /// <summary>
    /// Starts the fake on 127.0.0.1:<paramref name="port"/> (0: a free port). <paramref name="time"/> stamps
    /// <c>dateCreated</c> and <c>expiresAt</c> (pass the service's fake clock in time-travel tests).
    /// </summary>
    public static async Task<FakeSentry> StartAsync(
        string clientId = DevelopmentClientId,
        string clientSecret = DevelopmentClientSecret,
        TimeProvider? time = null,
        int port = 0,
        Action<string>? log = null)
    {
        var sentry = new FakeSentry(clientId, clientSecret, time ?? TimeProvider.System, log);
        (sentry.app, sentry.BaseUrl) = await LoopbackApp.StartAsync(
            app =>
            {
                sentry.MapInstallations(app);
                sentry.MapIssues(app);
            },
            port);
        return sentry;
    }

    /// <summary>Every call so far, oldest first.</summary>
    public IReadOnlyList<FakeSentryCall> Calls
    {
        get
        {
            lock (gate)
            {
                return [.. calls];
            }
        }
    }

    /// <summary>The calls for installation <paramref name="uuid"/> to <paramref name="endpoint"/>.</summary>
    public IReadOnlyList<FakeSentryCall> CallsTo(FakeSentryEndpoint endpoint, string uuid) =>
        [.. Calls.Where(call => call.Endpoint == endpoint && call.Uuid == uuid)];

    /// <summary>The access token installation <paramref name="uuid"/> holds now, or null.</summary>
    public string? CurrentToken(string uuid)
    {
        lock (gate)
        {
            return current.TryGetValue(uuid, out var issued) ? issued.Token : null;
        }
    }

    /// <summary>Every token and refresh token ever issued to installation <paramref name="uuid"/>.</summary>
    public IReadOnlyList<string> IssuedSecrets(string uuid)
    {
        lock (gate)
        {
            return everIssued.TryGetValue(uuid, out var secrets) ? [.. secrets] : [];
        }
    }

    /// <summary>The next <paramref name="times"/> calls for <paramref name="uuid"/> to <paramref name="endpoint"/> answer <paramref name="status"/>.</summary>
    public void FailNext(string uuid, FakeSentryEndpoint endpoint, int times, HttpStatusCode status = HttpStatusCode.InternalServerError)
    {
        lock (gate)
        {
            if (!failures.TryGetValue((uuid, endpoint), out var queue))
            {
                failures[(uuid, endpoint)] = queue = new Queue<int>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue((int)status);
            }
        }
    }

    /// <summary>Tokens for <paramref name="uuid"/> from a code exchange live <paramref name="exchanged"/>, from a refresh <paramref name="refreshed"/>.</summary>
    public void SetLifetimes(string uuid, TimeSpan exchanged, TimeSpan refreshed)
    {
        lock (gate)
        {
            lifetimes[uuid] = (exchanged, refreshed);
        }
    }

    /// <summary>Every answer for <paramref name="uuid"/> waits <paramref name="delay"/> first (real time).</summary>
    public void SlowDown(string uuid, TimeSpan delay)
    {
        lock (gate)
        {
            delays[uuid] = delay;
        }
    }

    /// <summary>
    /// Answers for <paramref name="uuid"/> (to <paramref name="endpoint"/> only, if given) wait until the returned
    /// handle is disposed. <see cref="Arrived"/> counts them when they arrive; <see cref="Calls"/> when answered.
    /// </summary>
    public IDisposable Hold(string uuid, FakeSentryEndpoint? endpoint = null)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            holds[(uuid, endpoint)] = release;
        }

        return new Release(() =>
        {
            lock (gate)
            {
                holds.Remove((uuid, endpoint));
            }

            release.TrySetResult();
        });
    }

    /// <summary>Calls for <paramref name="uuid"/> to <paramref name="endpoint"/> that arrived, answered or still held.</summary>
    public int Arrived(string uuid, FakeSentryEndpoint endpoint)
    {
        lock (gate)
        {
            return arrived.GetValueOrDefault((uuid, endpoint));
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (gate)
        {
            foreach (var hold in holds.Values)
            {
                hold.TrySetResult();
            }
        }

        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task ArriveAsync(string uuid, FakeSentryEndpoint endpoint)
    {
        TimeSpan delay;
        Task[] held;
        lock (gate)
        {
            arrived[(uuid, endpoint)] = arrived.GetValueOrDefault((uuid, endpoint)) + 1;
            delay = delays.GetValueOrDefault(uuid);
            held = [.. new FakeSentryEndpoint?[] { null, endpoint }.Select(e => holds.TryGetValue((uuid, e), out var hold) ? hold.Task : Task.CompletedTask)];
        }

        await Task.WhenAll(held);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay);
        }
    }

    private int? Injected(string uuid, FakeSentryEndpoint endpoint)
    {
        lock (gate)
        {
            return failures.TryGetValue((uuid, endpoint), out var queue) && queue.TryDequeue(out var status) ? status : null;
        }
    }

    private IResult Answer(FakeSentryEndpoint endpoint, string uuid, int status, object? body, HttpContext? http = null, string? organization = null, string? issueId = null)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            calls.Add(new FakeSentryCall(endpoint, uuid, status, now, organization, issueId));
        }

        if (http is not null)
        {
            AddRateLimitHeaders(http, organization ?? "installation:" + uuid, now);
        }

        log?.Invoke($"{endpoint} {organization}{(organization is null ? "" : " ")}{issueId ?? uuid} -> {status}");
        return Results.Json(body, statusCode: status);
    }

    private static async Task<Dictionary<string, string>?> ReadObjectAsync(HttpContext http)
    {
        try
        {
            var document = await JsonSerializer.DeserializeAsync<Dictionary<string, JsonElement>>(http.Request.Body);
            return document?.Where(pair => pair.Value.ValueKind == JsonValueKind.String).ToDictionary(pair => pair.Key, pair => pair.Value.GetString()!);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private sealed record Issued(string Token, string RefreshToken);

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
