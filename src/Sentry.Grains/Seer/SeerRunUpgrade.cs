using Sentry.Grains.Storage;

namespace Sentry.Grains.Seer;

/// <summary>
/// Reads a Seer run stored by the previous version (layout 1) as a layout-2 head. Its history becomes the history log;
/// its payloads (kept apart in layout 1) ride on the history entry of the stage that delivered them, or on one
/// entry of their own when that entry is gone.
/// </summary>
public static class SeerRunUpgrade
{
    public static StateUpgrade Upgrade { get; } = StateUpgrade.Of<SeerRunStateV1, SeerRunHead>(From);

    public static SeerRunHead From(SeerRunStateV1 legacy, DateTimeOffset upgradedAt)
    {
        var history = legacy.History.Select(e => new SeerHistoryRecord(e.Action, e.SentAt, e.ReceivedAt, e.RequestId, e.DataJson)).ToList();
        Attach(history, SeerStage.RootCauseCompleted, legacy.RootCause is { } rc ? e => e with
        {
            RootCause = new RootCauseRecord(rc.Description, [.. rc.Steps.Select(s => new RootCauseStepRecord(
                s.Title, s.CodeSnippetAndAnalysis, s.TimelineItemType, s.RelevantCodeFile?.FilePath, s.RelevantCodeFile?.RepoName, s.IsMostImportantEvent))]),
        } : null);
        Attach(history, SeerStage.SolutionCompleted, legacy.Solution is { } so ? e => e with
        {
            Solution = new SolutionRecord(so.Description, [.. so.Steps.Select(s => new SolutionStepRecord(s.Title))]),
        } : null);
        Attach(history, SeerStage.CodingCompleted, legacy.Changes.Count > 0 ? e => e with
        {
            Changes = [.. legacy.Changes.Select(c => new CodeChangeRecord(c.RepoName, c.RepoExternalId, c.Title, c.Description, c.Diff, c.BranchName))],
        } : null);
        Attach(history, SeerStage.PrCreated, legacy.PullRequests.Count > 0 ? e => e with
        {
            PullRequests = [.. legacy.PullRequests.Select(p => new PullRequestRecord(p.PrNumber, p.PrUrl, p.PrId, p.RepoName, p.Provider))],
        } : null);

        return new SeerRunHead
        {
            Version = legacy.LastEventAt is null ? 0 : 1,
            GroupId = legacy.GroupId,
            Stages = legacy.Stages
                .Where(s => SeerStages.TryParse(s.Key, out _))
                .ToDictionary(s => SeerStages.TryParse(s.Key, out var stage) ? stage : default, s => new SeerStageRecord(s.Value.SentAt, s.Value.ReceivedAt, s.Value.RequestId, s.Value.Implied)),
            LastEventAt = legacy.LastEventAt,
            Deliveries = new() { Open = legacy.Deliveries.Upgrade(upgradedAt) },
            History = new() { Open = history },
        };
    }

    /// <summary>Puts a payload on the newest entry of <paramref name="stage"/>, or on an entry of its own when there is none.</summary>
    private static void Attach(List<SeerHistoryRecord> history, SeerStage stage, Func<SeerHistoryRecord, SeerHistoryRecord>? attach)
    {
        if (attach is null)
        {
            return;
        }

        var index = history.FindLastIndex(e => e.Action == stage.Name());
        if (index >= 0)
        {
            history[index] = attach(history[index]);
        }
        else
        {
            history.Add(attach(new SeerHistoryRecord(stage.Name(), null, DateTimeOffset.UnixEpoch, "upgraded", null)));
        }
    }
}
