using System.Globalization;

namespace Sentry.Grains.SentryApi;

/// <summary>
/// Sentry's rate-limit headers on an answer (<c>src/sentry/middleware/ratelimit.py</c>): requests allowed in the
/// current window and left of them, when the window resets (<c>X-Sentry-Rate-Limit-Reset</c>, epoch seconds),
/// and concurrent requests allowed and left. Each is null when Sentry did not send it (not every endpoint is limited).
/// </summary>
[GenerateSerializer, Immutable, Alias("sentry.SentryRateLimit")]
public sealed record SentryRateLimit(
    [property: Id(0)] int? Limit,
    [property: Id(1)] int? Remaining,
    [property: Id(2)] DateTimeOffset? ResetAt,
    [property: Id(3)] int? ConcurrentLimit,
    [property: Id(4)] int? ConcurrentRemaining)
{
    public const string LimitHeader = "X-Sentry-Rate-Limit-Limit";
    public const string RemainingHeader = "X-Sentry-Rate-Limit-Remaining";
    public const string ResetHeader = "X-Sentry-Rate-Limit-Reset";
    public const string ConcurrentLimitHeader = "X-Sentry-Rate-Limit-ConcurrentLimit";
    public const string ConcurrentRemainingHeader = "X-Sentry-Rate-Limit-ConcurrentRemaining";

    /// <summary>An answer without any rate-limit header.</summary>
    public static readonly SentryRateLimit None = new(null, null, null, null, null);

    /// <summary>The headers of <paramref name="response"/>; unparsable values count as absent.</summary>
    public static SentryRateLimit From(HttpResponseMessage response) => new(
        (int?)Integer(response, LimitHeader),
        (int?)Integer(response, RemainingHeader),
        Integer(response, ResetHeader) is { } reset ? DateTimeOffset.FromUnixTimeSeconds(reset) : null,
        (int?)Integer(response, ConcurrentLimitHeader),
        (int?)Integer(response, ConcurrentRemainingHeader));

    /// <summary>
    /// How long to wait after a 429: <c>Retry-After</c> (seconds or an HTTP date), else until
    /// <see cref="ResetAt"/>; never negative. Null when Sentry said neither.
    /// </summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, SentryRateLimit rateLimit, DateTimeOffset now)
    {
        var wait = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => rateLimit.ResetAt - now,
        };
        return wait is { } value && value < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static long? Integer(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values)
        && long.TryParse(values.FirstOrDefault()?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
