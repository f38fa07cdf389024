using System.Runtime.CompilerServices;

namespace Sentry.Grains.Client;

// The change feed: one read (ReadChangesAsync, optionally a long poll), or every entry from a cursor on, forever
// (FollowChangesAsync). At least once, in order per key, no gaps.
public sealed partial class SentryGrainsClient
{
    /// <summary>How long <see cref="FollowChangesAsync"/> waits in one request for a change, unless told otherwise.</summary>
    public static TimeSpan DefaultWait { get; } = TimeSpan.FromSeconds(30);

    /// <summary><c>GET /api/changes</c>: the entries after <paramref name="after"/>.</summary>
    /// <param name="after">The cursor to read after (an entry's <see cref="ChangeEntry.Cursor"/> or a page's <see cref="ChangePage.Next"/>); null for the oldest entry the feed keeps.</param>
    /// <param name="kinds">Only these kinds or resources (see <see cref="ChangeKinds"/>); null or empty for every kind.</param>
    /// <param name="limit">At most this many entries (1 to 1,000; the server's default is 100).</param>
    /// <param name="wait">When there is no entry yet, wait up to this long for one (a long poll; at most the server's <c>Changes:MaxWait</c>, 60 s by default); null answers at once.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="ChangeFeedExpiredException"><paramref name="after"/> is older than what the feed keeps (410): start again from its <see cref="ChangeFeedExpiredException.Oldest"/>.</exception>
    /// <exception cref="SentryGrainsClientException">The server answered another error, e.g. 400 for an unknown kind.</exception>
    public async Task<ChangePage> ReadChangesAsync(
        string? after = null,
        IReadOnlyCollection<string>? kinds = null,
        int? limit = null,
        TimeSpan? wait = null,
        CancellationToken cancellationToken = default)
    {
        var uri = new QueryBuilder("api/changes").Add("after", after).Add("kinds", kinds).Add("limit", limit).Add("wait", wait);
        var page = await GetAsync(uri, ClientJson.Default.ChangesResponse, cancellationToken).ConfigureAwait(false);
        return new ChangePage(page.Entries ?? [], page.Next);
    }

    /// <summary>
    /// Every entry after <paramref name="after"/>, then each new one as it comes, until cancelled: long polls of
    /// <c>GET /api/changes</c>, each waiting up to <paramref name="wait"/>. Persist each handled entry's
    /// <see cref="ChangeEntry.Cursor"/> and pass it as <paramref name="after"/> to resume there.
    /// </summary>
    /// <param name="after">The cursor to start after; null for the oldest entry the feed keeps.</param>
    /// <param name="kinds">Only these kinds or resources (see <see cref="ChangeKinds"/>); null or empty for every kind.</param>
    /// <param name="wait">How long one request waits for a change (default <see cref="DefaultWait"/>; at most the server's <c>Changes:MaxWait</c>).</param>
    /// <param name="cancellationToken">Ends the enumeration (as an <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="ChangeFeedExpiredException">The position fell behind what the feed keeps (410).</exception>
    /// <exception cref="SentryGrainsClientException">The server answered another error. Failures end the enumeration: retrying is the <see cref="HttpClient"/>'s pipeline's or the caller's choice, from the last cursor it persisted.</exception>
    public async IAsyncEnumerable<ChangeEntry> FollowChangesAsync(
        string? after = null,
        IReadOnlyCollection<string>? kinds = null,
        TimeSpan? wait = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var cursor = after;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await ReadChangesAsync(cursor, kinds, limit: null, wait ?? DefaultWait, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page.Entries)
            {
                yield return entry;
            }

            cursor = page.Next;
        }
    }
}
