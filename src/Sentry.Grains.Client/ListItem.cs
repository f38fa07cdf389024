namespace Sentry.Grains.Client;

/// <summary>
/// One row of a list (and a change feed entry's <c>row</c>): a grain's fields that people filter and sort on, at the
/// grain's <see cref="Version"/>. The derived records are <see cref="IssueListItem"/>, <see cref="SeerRunListItem"/>,
/// <see cref="MetricAlertListItem"/> and <see cref="InstallationListItem"/>.
/// </summary>
public abstract record ListItem
{
    private protected ListItem()
    {
    }

    /// <summary>The grain's key: issue id, Seer run id, metric alert id or installation uuid.</summary>
    public required string Key { get; init; }

    /// <summary>The grain's version this row reflects; a newer row of the same key has a higher one.</summary>
    public required long Version { get; init; }

    /// <summary>When the grain last changed (what <c>updatedSince</c> filters on).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}
