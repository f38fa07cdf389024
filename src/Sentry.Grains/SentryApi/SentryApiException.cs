using System.Net;

namespace Sentry.Grains.SentryApi;

/// <summary>
/// A call to Sentry's API that did not succeed. <see cref="IsTransient"/>: worth retrying (5xx, 408, 429,
/// timeout, connection failure); otherwise Sentry refused it (4xx: bad or used code, revoked refresh
/// token, wrong client credentials). The message never contains a token, code or secret.
/// </summary>
public sealed class SentryApiException : Exception
{
    public SentryApiException(string message, HttpStatusCode? statusCode, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        IsTransient = isTransient;
    }

    public SentryApiException()
    {
    }

    public SentryApiException(string message)
        : base(message)
    {
    }

    public SentryApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Sentry's answer, or null when there was none (timeout, connection failure).</summary>
    public HttpStatusCode? StatusCode { get; }

    public bool IsTransient { get; } = true;

    /// <summary>True for answers worth retrying: 408, 429 and 5xx.</summary>
    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
