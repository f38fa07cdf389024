using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Seer;

/// <summary>Between the contract (the Seer command and snapshot) and the run's stored records.</summary>
public static class SeerMapping
{
    public static SeerHistoryRecord ToRecord(SeerEventReceived received)
    {
        var delivery = received.Delivery;
        return new SeerHistoryRecord(received.Action, delivery.SentAt, delivery.ReceivedAt, delivery.RequestId, received.DataJson)
        {
            Source = ChangeSources.Of(delivery),
            RootCause = received.RootCause is { } rc
                ? new RootCauseRecord(rc.Description, [.. rc.Steps.Select(s => new RootCauseStepRecord(
                    s.Title, s.CodeSnippetAndAnalysis, s.TimelineItemType, s.RelevantCodeFile?.FilePath, s.RelevantCodeFile?.RepoName, s.IsMostImportantEvent))])
                : null,
            Solution = received.Solution is { } so ? new SolutionRecord(so.Description, [.. so.Steps.Select(s => new SolutionStepRecord(s.Title))]) : null,
            Changes = received.Changes?.Select(c => new CodeChangeRecord(c.RepoName, c.RepoExternalId, c.Title, c.Description, c.Diff, c.BranchName)).ToList(),
            PullRequests = received.PullRequests?.Select(p => new PullRequestRecord(p.PrNumber, p.PrUrl, p.PrId, p.RepoName, p.Provider)).ToList(),
        };
    }

    /// <summary>The run as the contract shows it. The model's history must be loaded.</summary>
    public static SeerRunSnapshot ToSnapshot(string runId, SeerRunModel model, DateTimeOffset now, TimeSpan stallAfter)
    {
        var head = model.Head;
        var history = model.History.ToList();
        var rootCause = history.LastOrDefault(e => e.RootCause is not null)?.RootCause;
        var solution = history.LastOrDefault(e => e.Solution is not null)?.Solution;
        return new SeerRunSnapshot
        {
            RunId = runId,
            Version = head.Version,
            GroupId = head.GroupId,
            Stage = SeerRunMachine.CurrentStage(head),
            Stalled = SeerRunMachine.IsStalled(head, now, stallAfter),
            Stages = [.. head.Stages.OrderBy(s => s.Key).Select(s => new SeerStageReached(s.Key, s.Value.SentAt, s.Value.ReceivedAt, s.Value.Implied) { Source = s.Value.Source.ToContract() })],
            RootCause = rootCause is null ? null : new SeerRootCause(rootCause.Description, [.. rootCause.Steps.Select(s => new SeerRootCauseStep(
                s.Title,
                s.CodeSnippetAndAnalysis,
                s.TimelineItemType,
                s.FilePath is null && s.RepoName is null ? null : new SeerCodeFile(s.FilePath, s.RepoName),
                s.IsMostImportantEvent))]),
            Solution = solution is null ? null : new SeerSolution(solution.Description, [.. solution.Steps.Select(s => new SeerSolutionStep(s.Title))]),
            Changes = [.. history.LastOrDefault(e => e.Changes is not null)?.Changes?.Select(c => new SeerCodeChange(c.RepoName, c.RepoExternalId, c.Title, c.Description, c.Diff, c.BranchName)) ?? []],
            PullRequests = [.. history.LastOrDefault(e => e.PullRequests is not null)?.PullRequests?.Select(p => new SeerPullRequest(p.PrNumber, p.PrUrl, p.PrId, p.RepoName, p.Provider)) ?? []],
            History = [.. history.Order(HistoryOrder.Instance).Select(e => new SeerHistoryEntry(e.Action, e.SentAt, e.ReceivedAt, e.RequestId, e.DataJson) { Source = e.Source.ToContract() })],
            LastEventAt = head.LastEventAt,
            AutofixStatus = head.AutofixStatus,
        };
    }

    /// <summary>History by Sentry-Hook-Timestamp (or receipt), then stage order, then action and Request-ID.</summary>
    private sealed class HistoryOrder : IComparer<SeerHistoryRecord>
    {
        public static readonly HistoryOrder Instance = new();

        public int Compare(SeerHistoryRecord? a, SeerHistoryRecord? b)
        {
            if (a is null || b is null)
            {
                return a is null ? (b is null ? 0 : -1) : 1;
            }

            var bySent = (a.SentAt ?? a.ReceivedAt).CompareTo(b.SentAt ?? b.ReceivedAt);
            if (bySent != 0)
            {
                return bySent;
            }

            var byStage = Rank(a.Action).CompareTo(Rank(b.Action));
            return byStage != 0 ? byStage : string.CompareOrdinal(a.Action, b.Action) is var byAction and not 0
                ? byAction
                : string.CompareOrdinal(a.RequestId, b.RequestId);

            static int Rank(string action) => SeerStages.TryParse(action, out var stage) ? (int)stage : int.MaxValue;
        }
    }
}
