namespace Sentry.Grains.ReadModel;

/// <summary>
/// <c>ReadModel:Enabled=false</c>: changes are acknowledged and dropped, lists and the feed are empty. For measuring what
/// the read side costs (the load test), not for running without one.
/// </summary>
public sealed class DisabledReadModelStore : IReadModelStore
{
    public Task ApplyAsync(IReadOnlyList<PendingChange> changes, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<Page<IssueRow>> ListIssuesAsync(IssueQuery query, CancellationToken cancellationToken) => Task.FromResult(new Page<IssueRow>([], null));

    public Task<Page<SeerRunRow>> ListSeerRunsAsync(SeerRunQuery query, CancellationToken cancellationToken) => Task.FromResult(new Page<SeerRunRow>([], null));

    public Task<Page<MetricAlertRow>> ListMetricAlertsAsync(MetricAlertQuery query, CancellationToken cancellationToken) => Task.FromResult(new Page<MetricAlertRow>([], null));

    public Task<Page<InstallationRow>> ListInstallationsAsync(InstallationQuery query, CancellationToken cancellationToken) => Task.FromResult(new Page<InstallationRow>([], null));

    public Task<ReadModelRow?> FindAsync(string resource, string key, CancellationToken cancellationToken) => Task.FromResult<ReadModelRow?>(null);

    public Task<FeedPage> ReadChangesAsync(FeedQuery query, CancellationToken cancellationToken) => Task.FromResult(new FeedPage([], query.After, false, null));

    public Task<FeedCursor> LatestCursorAsync(CancellationToken cancellationToken) => Task.FromResult(FeedCursor.Start);

    public Task<int> PruneChangesAsync(DateTimeOffset before, CancellationToken cancellationToken) => Task.FromResult(0);
}
