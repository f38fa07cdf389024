using System.Net;

namespace Sentry.Grains.SentryApi;

/// <summary>
/// A call to Sentry's API that did not succeed. <see cref="IsTransient"/>: worth retrying (5xx, 408, 429,
/// timeout, connection failure, broken circuit, anything unexpected); otherwise Sentry refused it (4xx: bad or
/// used code, revoked refresh token, wrong client credentials, no access, deleted). The message never contains
/// a token, code or secret.
/// </summary>
public sealed class SentryApiException(string message, HttpStatusCode? statusCode, bool isTransient, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>Sentry's answer, or null when there was none (timeout, connection failure, broken circuit).</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;

    public bool IsTransient { get; } = isTransient;

    /// <summary>
    /// How long to wait before calling again, when known: Sentry's <c>Retry-After</c> (seconds or an HTTP date) or
    /// <c>X-Sentry-Rate-Limit-Reset</c> of a 429, or the time left on a broken circuit.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The rate-limit headers of Sentry's answer, when it answered.</summary>
    public SentryRateLimit? RateLimit { get; init; }

    /// <summary>404: what was asked for does not exist (for an issue: deleted in Sentry).</summary>
    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    /// <summary>401 or 403: the token (or the client credentials) is not accepted for this; retrying will not help.</summary>
    public bool IsAuthorizationFailure => StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    /// <summary>429: over Sentry's rate limit; see <see cref="RetryAfter"/>.</summary>
    public bool IsRateLimited => StatusCode == HttpStatusCode.TooManyRequests;

    /// <summary>True for answers worth retrying: 408, 429 and 5xx.</summary>
    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
