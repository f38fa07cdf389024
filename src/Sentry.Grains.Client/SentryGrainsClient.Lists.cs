using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;

namespace Sentry.Grains.Client;

// The lists: one page at a time (ListXxxAsync, with the cursor of the previous page), or every item across pages
// (EnumerateXxxAsync). Pages are keyset pages: items arriving while a client pages are neither skipped nor repeated.
public sealed partial class SentryGrainsClient
{
    /// <summary><c>GET /api/issues</c>: one page of issues, newest first (by <see cref="IssueFilter.Sort"/>).</summary>
    /// <param name="filter">The filters; null for every issue.</param>
    /// <param name="cursor">The previous page's <see cref="ListPage{T}.NextCursor"/> (with the same filter); null for the first page.</param>
    /// <param name="limit">At most this many items (1 to 500; the server's default is 50).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SentryGrainsClientException">The server answered an error, e.g. 400 for a value it cannot read.</exception>
    public Task<ListPage<IssueListItem>> ListIssuesAsync(IssueFilter? filter = null, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var uri = new QueryBuilder("api/issues");
        filter?.AddTo(uri);
        return ListAsync(uri, cursor, limit, ClientJson.Default.ListResponseIssueListItem, cancellationToken);
    }

    /// <summary>Every issue <paramref name="filter"/> matches, following the pages of <c>GET /api/issues</c>.</summary>
    /// <param name="filter">The filters; null for every issue.</param>
    /// <param name="pageSize">Items per request (1 to 500; the server's default is 50).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    public IAsyncEnumerable<IssueListItem> EnumerateIssuesAsync(IssueFilter? filter = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        EnumerateAsync((cursor, cancel) => ListIssuesAsync(filter, cursor, pageSize, cancel), cancellationToken);

    /// <summary><c>GET /api/seer-runs</c>: one page of Seer runs, newest update first.</summary>
    /// <param name="filter">The filters; null for every run.</param>
    /// <param name="cursor">The previous page's <see cref="ListPage{T}.NextCursor"/> (with the same filter); null for the first page.</param>
    /// <param name="limit">At most this many items (1 to 500; the server's default is 50).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SentryGrainsClientException">The server answered an error.</exception>
    public Task<ListPage<SeerRunListItem>> ListSeerRunsAsync(SeerRunFilter? filter = null, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var uri = new QueryBuilder("api/seer-runs");
        filter?.AddTo(uri);
        return ListAsync(uri, cursor, limit, ClientJson.Default.ListResponseSeerRunListItem, cancellationToken);
    }

    /// <summary>Every Seer run <paramref name="filter"/> matches, following the pages of <c>GET /api/seer-runs</c>.</summary>
    /// <param name="filter">The filters; null for every run.</param>
    /// <param name="pageSize">Items per request (1 to 500; the server's default is 50).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    public IAsyncEnumerable<SeerRunListItem> EnumerateSeerRunsAsync(SeerRunFilter? filter = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        EnumerateAsync((cursor, cancel) => ListSeerRunsAsync(filter, cursor, pageSize, cancel), cancellationToken);

    /// <summary><c>GET /api/metric-alerts</c>: one page of metric alerts, newest update first.</summary>
    /// <param name="filter">The filter; null for every alert.</param>
    /// <param name="cursor">The previous page's <see cref="ListPage{T}.NextCursor"/> (with the same filter); null for the first page.</param>
    /// <param name="limit">At most this many items (1 to 500; the server's default is 50).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SentryGrainsClientException">The server answered an error.</exception>
    public Task<ListPage<MetricAlertListItem>> ListMetricAlertsAsync(MetricAlertFilter? filter = null, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var uri = new QueryBuilder("api/metric-alerts");
        filter?.AddTo(uri);
        return ListAsync(uri, cursor, limit, ClientJson.Default.ListResponseMetricAlertListItem, cancellationToken);
    }

    /// <summary>Every metric alert <paramref name="filter"/> matches, following the pages of <c>GET /api/metric-alerts</c>.</summary>
    /// <param name="filter">The filter; null for every alert.</param>
    /// <param name="pageSize">Items per request (1 to 500; the server's default is 50).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    public IAsyncEnumerable<MetricAlertListItem> EnumerateMetricAlertsAsync(MetricAlertFilter? filter = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        EnumerateAsync((cursor, cancel) => ListMetricAlertsAsync(filter, cursor, pageSize, cancel), cancellationToken);

    /// <summary><c>GET /api/installations</c>: one page of installations, by organization then uuid.</summary>
    /// <param name="filter">The filter; null for every installation.</param>
    /// <param name="cursor">The previous page's <see cref="ListPage{T}.NextCursor"/> (with the same filter); null for the first page.</param>
    /// <param name="limit">At most this many items (1 to 500; the server's default is 500).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="SentryGrainsClientException">The server answered an error.</exception>
    public Task<ListPage<InstallationListItem>> ListInstallationsAsync(InstallationFilter? filter = null, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var uri = new QueryBuilder("api/installations");
        filter?.AddTo(uri);
        return ListAsync(uri, cursor, limit, ClientJson.Default.ListResponseInstallationListItem, cancellationToken);
    }

    /// <summary>Every installation <paramref name="filter"/> matches, following the pages of <c>GET /api/installations</c>.</summary>
    /// <param name="filter">The filter; null for every installation.</param>
    /// <param name="pageSize">Items per request (1 to 500; the server's default is 500).</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    public IAsyncEnumerable<InstallationListItem> EnumerateInstallationsAsync(InstallationFilter? filter = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        EnumerateAsync((cursor, cancel) => ListInstallationsAsync(filter, cursor, pageSize, cancel), cancellationToken);

    private async Task<ListPage<T>> ListAsync<T>(QueryBuilder uri, string? cursor, int? limit, JsonTypeInfo<ListResponse<T>> answer, CancellationToken cancellationToken)
    {
        var page = await GetAsync(uri.Add("limit", limit).Add("cursor", cursor), answer, cancellationToken).ConfigureAwait(false);
        return new ListPage<T>(page.Items ?? [], CursorOf(page.Next));
    }

    private static async IAsyncEnumerable<T> EnumerateAsync<T>(
        Func<string?, CancellationToken, Task<ListPage<T>>> list, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await list(cursor, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>The <c>cursor</c> of a <c>next</c> link (<c>/api/issues?status=unresolved&amp;cursor=cDEK...</c>); null for none.</summary>
    private static string? CursorOf(string? next)
    {
        if (next is null)
        {
            return null;
        }

        var query = next.IndexOf('?', StringComparison.Ordinal) is var start and >= 0 ? next[(start + 1)..] : "";
        foreach (var parameter in query.Split('&'))
        {
            if (parameter.StartsWith("cursor=", StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(parameter["cursor=".Length..]);
            }
        }

        throw new SentryGrainsClientException(HttpStatusCode.OK, "Unexpected answer", $"The next link '{next}' has no cursor.");
    }
}
