using Sentry.Grains.Seer;
using Sentry.Grains.Storage;

namespace Sentry.Grains.Issues;

/// <summary>
/// Reads an issue stored by the previous version (layout 1) as a layout-2 head: everything it held moves into the head
/// and the open part of its logs (the grain's next write seals them). Its digests and event ids are dated by the upgrade
/// (layout 1 kept no times), its comments keep their ordering times, its event ids and recent events become the event log.
/// </summary>
public static class IssueUpgrade
{
    public static StateUpgrade Upgrade { get; } = StateUpgrade.Of<IssueStateV1, IssueHead>(From);

    public static IssueHead From(IssueStateV1 legacy, DateTimeOffset upgradedAt)
    {
        var recent = legacy.RecentEvents.ToDictionary(e => e.EventId, StringComparer.Ordinal);
        return new IssueHead
        {
            Version = legacy.UpdatedAt is null ? 0 : 1,
            Issue = legacy.Issue is { } issue ? IssueMapping.ToRecord(issue) : null,
            IssueOrderAt = legacy.IssueSentAt,
            LastAction = legacy.LastAction,
            Assignee = IssueMapping.ToRecord(legacy.Assignee),
            ResolutionType = legacy.ResolutionType,
            EventCount = legacy.EventCount,
            LatestActivity = legacy.LatestActivity is { } a
                ? new ActivityRecord(a.Type, a.DetailsJson, a.AlertId, a.AlertTitle, a.SentAt, a.ReceivedAt, a.SentAt)
                : null,
            UpdatedAt = legacy.UpdatedAt,
            SeerRuns = legacy.SeerRuns.Values.ToDictionary(
                r => r.RunId,
                r => new SeerRunLinkRecord(r.RunId, SeerStages.TryParse(r.Stage, out var stage) ? stage : null, r.UpdatedAt),
                StringComparer.Ordinal),
            SeerProgress = legacy.SeerProgress is { } p
                ? new SeerProgressRecord(
                    p.LastActivityType,
                    SeerStages.TryParse(p.FurthestStage, out var furthest) ? furthest : null,
                    [.. p.PullRequests.Select(pr => new PullRequestLinkRecord(pr.RepoName, pr.Url))],
                    p.SentAt,
                    p.UpdatedAt,
                    p.SentAt)
                : null,
            Deliveries = new() { Open = legacy.Deliveries.Upgrade(upgradedAt) },
            Comments = new()
            {
                Open = [.. legacy.Comments.Select(c => new CommentRecord(c.Key, c.Value.Text, c.Value.Author, c.Value.CreatedAt, c.Value.UpdatedAt, c.Value.Deleted, c.Value.SentAt))],
            },
            Events = new()
            {
                // Ids without their event (beyond the recent list) keep only the id, to be counted once.
                Open = [.. legacy.EventIds.Where(id => !recent.ContainsKey(id)).Select(id => new EventRecord(id, null, null, null, null, EventRecord.IdOnly, null, upgradedAt))
                    .Concat(legacy.RecentEvents.AsEnumerable().Reverse().Select(e => new EventRecord(e.EventId, e.Title, e.Level, e.OccurredAt, e.WebUrl, e.Source, e.TriggeredRule, upgradedAt)))],
            },
        };
    }
}
