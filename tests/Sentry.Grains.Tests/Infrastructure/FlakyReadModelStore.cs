using Sentry.Grains.ReadModel;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>A read model whose next batch fails (<see cref="FailNext"/>, once) or every batch while it is <see cref="Down"/>; reads always work.</summary>
public sealed class FlakyReadModelStore(IReadModelStore inner) : IReadModelStore
{
    public volatile bool FailNext;

    public volatile bool Down;

    public Task ApplyAsync(IReadOnlyList<PendingChange> changes, CancellationToken cancellationToken)
    {
        if (FailNext || Down)
        {
            FailNext = false;
            throw new InvalidOperationException("The read model is unreachable (injected).");
        }

        return inner.ApplyAsync(changes, cancellationToken);
    }

    public Task<Page<IssueRow>> ListIssuesAsync(IssueQuery query, CancellationToken cancellationToken) => inner.ListIssuesAsync(query, cancellationToken);
    public Task<Page<SeerRunRow>> ListSeerRunsAsync(SeerRunQuery query, CancellationToken cancellationToken) => inner.ListSeerRunsAsync(query, cancellationToken);
    public Task<Page<MetricAlertRow>> ListMetricAlertsAsync(MetricAlertQuery query, CancellationToken cancellationToken) => inner.ListMetricAlertsAsync(query, cancellationToken);
    public Task<Page<InstallationRow>> ListInstallationsAsync(InstallationQuery query, CancellationToken cancellationToken) => inner.ListInstallationsAsync(query, cancellationToken);
    public Task<ReadModelRow?> FindAsync(string resource, string key, CancellationToken cancellationToken) => inner.FindAsync(resource, key, cancellationToken);
    public Task<FeedPage> ReadChangesAsync(FeedQuery query, CancellationToken cancellationToken) => inner.ReadChangesAsync(query, cancellationToken);
    public Task<FeedCursor> LatestCursorAsync(CancellationToken cancellationToken) => inner.LatestCursorAsync(cancellationToken);
    public Task<int> PruneChangesAsync(DateTimeOffset before, CancellationToken cancellationToken) => inner.PruneChangesAsync(before, cancellationToken);
}
