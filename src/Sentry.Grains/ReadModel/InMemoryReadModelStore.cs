namespace Sentry.Grains.ReadModel;

/// <summary>
/// The read model in this process: the development default (and the grain tests'). Same semantics as the PostgreSQL
/// store: version-gated rows, feed entries once per (resource, key, version), in publication order, pruned by age.
/// </summary>
public sealed class InMemoryReadModelStore : IReadModelStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Resource, string Key), ReadModelRow> rows = [];
    private readonly List<FeedEntry> feed = [];
    private readonly HashSet<(string Resource, string Key, long Version)> published = [];
    private long sequence;
    private FeedCursor prunedThrough = FeedCursor.Start;

    public Task ApplyAsync(IReadOnlyList<PendingChange> changes, CancellationToken cancellationToken)
    {
        var data = FeedJson.DataOf(changes);
        lock (gate)
        {
            for (var i = 0; i < changes.Count; i++)
            {
                var change = changes[i];
                var row = change.RowToPublish;
                if (!rows.TryGetValue((row.Resource, row.Key), out var held) || held.Version < row.Version)
                {
                    rows[(row.Resource, row.Key)] = row;
                }

                if (published.Add((row.Resource, row.Key, change.Version)))
                {
                    feed.Add(new FeedEntry(new FeedCursor(0, ++sequence), change.Kind, row.Resource, row.Key, change.Version, change.At, data[i]));
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<Page<IssueRow>> ListIssuesAsync(IssueQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(ReadModelFilters.Page(Rows<IssueRow>().Where(row => ReadModelFilters.Matches(query, row)), query, row => ReadModelFilters.SortValue(query.Sort, row)));

    public Task<Page<SeerRunRow>> ListSeerRunsAsync(SeerRunQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(ReadModelFilters.Page(Rows<SeerRunRow>().Where(row => ReadModelFilters.Matches(query, row)), query, row => row.UpdatedAt?.UtcTicks));

    public Task<Page<MetricAlertRow>> ListMetricAlertsAsync(MetricAlertQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(ReadModelFilters.Page(Rows<MetricAlertRow>().Where(row => query.Status is null || row.Status == query.Status), query, row => row.UpdatedAt?.UtcTicks));

    public Task<Page<InstallationRow>> ListInstallationsAsync(InstallationQuery query, CancellationToken cancellationToken)
    {
        // By organization then uuid (ascending): the sort value is not a time, so page by key within the whole list.
        var ordered = Rows<InstallationRow>()
            .Where(row => query.Status is null || row.Status == query.Status)
            .OrderBy(row => row.OrganizationSlug ?? "", StringComparer.Ordinal)
            .ThenBy(row => row.Key, StringComparer.Ordinal)
            .Select(row => (Row: row, Position: new PagePosition(null, $"{row.OrganizationSlug}\n{row.Key}")))
            .SkipWhile(p => query.After is { } after && string.CompareOrdinal(p.Position.Key, after.Key) <= 0)
            .Take(query.Limit + 1)
            .ToList();
        var page = ordered.Take(query.Limit).ToList();
        return Task.FromResult(new Page<InstallationRow>([.. page.Select(p => p.Row)], ordered.Count > query.Limit ? page[^1].Position : null));
    }

    public Task<ReadModelRow?> FindAsync(string resource, string key, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(rows.GetValueOrDefault((resource, key)));
        }
    }

    public Task<FeedPage> ReadChangesAsync(FeedQuery query, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (query.After < prunedThrough)
            {
                return Task.FromResult(new FeedPage([], query.After, Expired: true, Oldest: feed.Count > 0 ? feed[0].Cursor : prunedThrough));
            }

            var entries = new List<FeedEntry>();
            var next = query.After;
            foreach (var entry in feed.SkipWhile(e => e.Cursor <= query.After))
            {
                next = entry.Cursor;
                if (query.Matches(entry.Kind))
                {
                    entries.Add(entry);
                    if (entries.Count == query.Limit)
                    {
                        break;
                    }
                }
            }

            return Task.FromResult(new FeedPage(entries, next, Expired: false, Oldest: null));
        }
    }

    public Task<FeedCursor> LatestCursorAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(feed.Count > 0 ? feed[^1].Cursor : prunedThrough);
        }
    }

    public Task<int> PruneChangesAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var count = feed.TakeWhile(e => e.At < before).Count();
            if (count > 0)
            {
                prunedThrough = feed[count - 1].Cursor;
                feed.RemoveRange(0, count);
            }

            return Task.FromResult(count);
        }
    }

    private List<TRow> Rows<TRow>() where TRow : ReadModelRow
    {
        lock (gate)
        {
            return [.. rows.Values.OfType<TRow>()];
        }
    }
}
