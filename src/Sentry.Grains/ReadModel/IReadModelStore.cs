namespace Sentry.Grains.ReadModel;

/// <summary>
/// The read side: one row per issue, Seer run, metric alert and installation, and the change feed. In memory by default
/// (<see cref="InMemoryReadModelStore"/>), in PostgreSQL in production. Written only with what grains committed.
/// </summary>
public interface IReadModelStore
{
    /// <summary>
    /// In one transaction: each change's row, unless the store holds that key at the same or a newer version, and the
    /// change as a feed entry, unless it is already there (same resource, key and version). Retried publishes are harmless.
    /// </summary>
    Task ApplyAsync(IReadOnlyList<PendingChange> changes, CancellationToken cancellationToken);

    Task<Page<IssueRow>> ListIssuesAsync(IssueQuery query, CancellationToken cancellationToken);

    Task<Page<SeerRunRow>> ListSeerRunsAsync(SeerRunQuery query, CancellationToken cancellationToken);

    Task<Page<MetricAlertRow>> ListMetricAlertsAsync(MetricAlertQuery query, CancellationToken cancellationToken);

    Task<Page<InstallationRow>> ListInstallationsAsync(InstallationQuery query, CancellationToken cancellationToken);

    /// <summary>The row of <paramref name="resource"/> <paramref name="key"/>, or null.</summary>
    Task<ReadModelRow?> FindAsync(string resource, string key, CancellationToken cancellationToken);

    Task<FeedPage> ReadChangesAsync(FeedQuery query, CancellationToken cancellationToken);

    /// <summary>The cursor of the newest visible entry (<see cref="FeedCursor.Start"/> when there is none): what long-poll waiters watch.</summary>
    Task<FeedCursor> LatestCursorAsync(CancellationToken cancellationToken);

    /// <summary>Removes the feed up to (in feed order) its newest entry older than <paramref name="before"/>; returns how many entries.</summary>
    Task<int> PruneChangesAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
