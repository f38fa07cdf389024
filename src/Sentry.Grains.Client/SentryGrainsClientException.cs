using System.Net;

namespace Sentry.Grains.Client;

/// <summary>
/// Sentry.Grains answered a request with an error: its <see cref="StatusCode"/> and the problem details' <see cref="Title"/>
/// and <see cref="Detail"/> (a 400 names the parameter it could not read). Network failures and time-outs are not
/// wrapped: they stay <see cref="HttpRequestException"/> and <see cref="TaskCanceledException"/>.
/// </summary>
public class SentryGrainsClientException : Exception
{
    /// <summary>An error answer.</summary>
    /// <param name="statusCode">The answer's status code.</param>
    /// <param name="title">The problem details' title, if any.</param>
    /// <param name="detail">The problem details' detail (or the start of a body that was not problem details), if any.</param>
    public SentryGrainsClientException(HttpStatusCode statusCode, string? title, string? detail)
        : base(MessageOf(statusCode, title, detail))
    {
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
    }

    /// <summary>The answer's status code.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem details' <c>title</c>, e.g. <c>Bad query</c>.</summary>
    public string? Title { get; }

    /// <summary>The problem details' <c>detail</c>: what was wrong, in the server's words.</summary>
    public string? Detail { get; }

    private static string MessageOf(HttpStatusCode statusCode, string? title, string? detail) =>
        $"Sentry.Grains answered {(int)statusCode} ({statusCode}){(title is null ? "" : $": {title}")}{(detail is null ? "" : $" - {detail}")}";
}
