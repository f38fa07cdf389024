using System.Net;

namespace Sentry.Grains.Client;

/// <summary>
/// The change feed answered 410 Gone: entries after the cursor were removed (older than the server's
/// <c>Changes:Retention</c>). Start again from <see cref="Oldest"/> and reconcile what you hold from the lists, since
/// changes in between are gone.
/// </summary>
public sealed class ChangeFeedExpiredException : SentryGrainsClientException
{
    /// <summary>A 410 answer of the feed.</summary>
    /// <param name="title">The problem details' title.</param>
    /// <param name="detail">The problem details' detail.</param>
    /// <param name="oldest">The cursor to read after: every entry the feed still keeps comes after it.</param>
    public ChangeFeedExpiredException(string? title, string? detail, string? oldest)
        : base(HttpStatusCode.Gone, title, detail)
    {
        Oldest = oldest;
    }

    /// <summary>
    /// The cursor to start again from (pass it as <c>after</c>): every entry the feed still keeps comes after it. Null if
    /// the server did not say.
    /// </summary>
    public string? Oldest { get; }
}
