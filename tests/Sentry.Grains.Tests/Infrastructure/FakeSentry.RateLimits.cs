using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>
/// The fake's rate limits, as Sentry's middleware shows them (<c>src/sentry/middleware/ratelimit.py</c>): every answer
/// carries <c>X-Sentry-Rate-Limit-Limit</c>, <c>-Remaining</c>, <c>-Reset</c> (epoch seconds), <c>-ConcurrentLimit</c>
/// and <c>-ConcurrentRemaining</c>; an organization's reads get a budget of N requests per second (fixed one-second
/// windows of the fake's clock) and a 429 beyond it; a switch forces 429s with or without <c>Retry-After</c>.
/// </summary>
public sealed partial class FakeSentry
{
    /// <summary>Concurrent requests each organization may have in flight (Sentry's header; not enforced).</summary>
    public const int ConcurrentLimit = 25;

    private readonly Dictionary<string, int> budgets = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Key, long Window), int> used = [];
    private readonly Dictionary<string, TimeSpan?> forcedTooManyRequests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> inFlight = new(StringComparer.Ordinal);

    /// <summary>Requests per second an organization (or an installation's own endpoints) may make unless <see cref="SetRateLimit"/> says otherwise.</summary>
    public const int DefaultRequestsPerSecond = 1000;

    /// <summary>Reads of <paramref name="organization"/> beyond <paramref name="requestsPerSecond"/> in one second answer 429.</summary>
    public void SetRateLimit(string organization, int requestsPerSecond)
    {
        lock (gate)
        {
            budgets[organization] = requestsPerSecond;
        }
    }

    /// <summary>
    /// Every read of <paramref name="organization"/> answers 429 until <see cref="StopForcingTooManyRequests"/>, with
    /// <c>Retry-After: <paramref name="retryAfter"/></c> (whole seconds), or with only <c>X-Sentry-Rate-Limit-Reset</c> when null.
    /// </summary>
    public void ForceTooManyRequests(string organization, TimeSpan? retryAfter)
    {
        lock (gate)
        {
            forcedTooManyRequests[organization] = retryAfter;
        }
    }

    public void StopForcingTooManyRequests(string organization)
    {
        lock (gate)
        {
            forcedTooManyRequests.Remove(organization);
        }
    }

    /// <summary>The 429 due for a read of <paramref name="organization"/> now, if any: forced, or over its budget in this second.</summary>
    private IResult? TooManyRequestsLocked(FakeSentryEndpoint endpoint, string uuid, string organization, string issueId, HttpContext http)
    {
        var now = time.GetUtcNow();
        TimeSpan? retryAfter;
        if (forcedTooManyRequests.TryGetValue(organization, out var forced))
        {
            retryAfter = forced;
        }
        else if (used.GetValueOrDefault((organization, Window(now))) >= BudgetLocked(organization))
        {
            retryAfter = WindowEnd(now) - now;
        }
        else
        {
            return null;
        }

        if (retryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return Answer(endpoint, uuid, 429, new { detail = "You are attempting to use this endpoint too frequently. Limit is exceeded." }, http, organization, issueId);
    }

    /// <summary>Counts this answer against <paramref name="key"/>'s window and writes the five headers.</summary>
    private void AddRateLimitHeaders(HttpContext http, string key, DateTimeOffset now)
    {
        int limit, remaining, concurrent;
        lock (gate)
        {
            var window = (key, Window(now));
            used[window] = used.GetValueOrDefault(window) + 1;
            limit = BudgetLocked(key);
            remaining = Math.Max(0, limit - used[window]);
            concurrent = Math.Max(0, ConcurrentLimit - inFlight.GetValueOrDefault(key));
        }

        var headers = http.Response.Headers;
        headers["X-Sentry-Rate-Limit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        headers["X-Sentry-Rate-Limit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-Sentry-Rate-Limit-Reset"] = WindowEnd(now).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        headers["X-Sentry-Rate-Limit-ConcurrentLimit"] = ConcurrentLimit.ToString(CultureInfo.InvariantCulture);
        headers["X-Sentry-Rate-Limit-ConcurrentRemaining"] = concurrent.ToString(CultureInfo.InvariantCulture);
    }

    private int BudgetLocked(string key) => budgets.GetValueOrDefault(key, DefaultRequestsPerSecond);

    private static long Window(DateTimeOffset now) => now.ToUnixTimeSeconds();

    private static DateTimeOffset WindowEnd(DateTimeOffset now) => DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + 1);
}
