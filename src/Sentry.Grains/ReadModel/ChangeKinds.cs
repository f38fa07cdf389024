using Sentry.Grains.Installations;
using Sentry.Grains.Issues;
using Sentry.Grains.MetricAlerts;
using Sentry.Grains.Seer;

namespace Sentry.Grains.ReadModel;

/// <summary>Every kind of change the feed carries, and the resources they belong to (a reader may ask for either).</summary>
public static class ChangeKinds
{
    public static IReadOnlyList<string> All { get; } =
    [
        IssueReadModel.Created, IssueReadModel.Status, IssueReadModel.Assigned, IssueReadModel.Event, IssueReadModel.Activity, IssueReadModel.Seer,
        IssueReadModel.CommentCreated, IssueReadModel.CommentUpdated, IssueReadModel.CommentDeleted,
        IssueReadModel.Reconciled, IssueReadModel.DeletedInSentry,
        SeerReadModel.Stage, SeerReadModel.Event, SeerReadModel.Stalled, SeerReadModel.Resumed,
        MetricAlertRules.StatusChanged,
        InstallationRules.StatusChanged,
    ];

    /// <summary>The kinds and their resource prefixes (<c>issue</c>, <c>comment</c>, <c>seer</c>, ...).</summary>
    public static IReadOnlyList<string> Filters { get; } = [.. All, .. All.Select(k => k[..k.IndexOf('.', StringComparison.Ordinal)]).Distinct()];
}
