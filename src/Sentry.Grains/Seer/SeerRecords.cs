using Sentry.Grains.Storage;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Seer;

// The run's stored records: the grain's own types, not the contract's.

/// <summary>When a stage was reached; <see cref="Implied"/> when only its completion arrived.</summary>
[GenerateSerializer, Immutable, Alias("sentry.v2.SeerStageRecord")]
public sealed record SeerStageRecord(
    [property: Id(0)] DateTimeOffset? SentAt,
    [property: Id(1)] DateTimeOffset? ReceivedAt,
    [property: Id(2)] string? RequestId,
    [property: Id(3)] bool Implied)
{
    /// <summary>A webhook, or the autofix state read back by the reconciliation.</summary>
    [Id(4)] public ChangeSource Source { get; init; }
}

/// <summary>One applied event: the audit trail, with the payload its action delivered.</summary>
[GenerateSerializer, Immutable, Alias("sentry.v2.SeerHistoryRecord")]
public sealed record SeerHistoryRecord(
    [property: Id(0)] string Action,
    [property: Id(1)] DateTimeOffset? SentAt,
    [property: Id(2)] DateTimeOffset ReceivedAt,
    [property: Id(3)] string RequestId,
    [property: Id(4)] string? DataJson) : ILogEntry
{
    [Id(5)] public RootCauseRecord? RootCause { get; init; }
    [Id(6)] public SolutionRecord? Solution { get; init; }
    [Id(7)] public IReadOnlyList<CodeChangeRecord>? Changes { get; init; }
    [Id(8)] public IReadOnlyList<PullRequestRecord>? PullRequests { get; init; }

    /// <summary>A webhook, or the autofix state read back by the reconciliation.</summary>
    [Id(9)] public ChangeSource Source { get; init; }

    /// <summary>True when the entry delivered a stage payload: it outlives the history's bound.</summary>
    public bool HasPayload => RootCause is not null || Solution is not null || Changes is not null || PullRequests is not null;

    public int ApproximateBytes =>
        64 + Action.Length + RequestId.Length + (DataJson?.Length ?? 0)
        + (RootCause is { } rc ? (rc.Description?.Length ?? 0) + rc.Steps.Sum(s => 32 + (s.Title?.Length ?? 0) + (s.CodeSnippetAndAnalysis?.Length ?? 0)) : 0)
        + (Solution is { } so ? (so.Description?.Length ?? 0) + so.Steps.Sum(s => 16 + (s.Title?.Length ?? 0)) : 0)
        + (Changes?.Sum(c => 64 + (c.Diff?.Length ?? 0) + (c.Description?.Length ?? 0) + (c.Title?.Length ?? 0)) ?? 0)
        + (PullRequests?.Count * 96 ?? 0);
}

[GenerateSerializer, Immutable, Alias("sentry.v2.RootCauseRecord")]
public sealed record RootCauseRecord([property: Id(0)] string? Description, [property: Id(1)] IReadOnlyList<RootCauseStepRecord> Steps);

[GenerateSerializer, Immutable, Alias("sentry.v2.RootCauseStepRecord")]
public sealed record RootCauseStepRecord(
    [property: Id(0)] string? Title,
    [property: Id(1)] string? CodeSnippetAndAnalysis,
    [property: Id(2)] string? TimelineItemType,
    [property: Id(3)] string? FilePath,
    [property: Id(4)] string? RepoName,
    [property: Id(5)] bool IsMostImportantEvent);

[GenerateSerializer, Immutable, Alias("sentry.v2.SolutionRecord")]
public sealed record SolutionRecord([property: Id(0)] string? Description, [property: Id(1)] IReadOnlyList<SolutionStepRecord> Steps);

[GenerateSerializer, Immutable, Alias("sentry.v2.SolutionStepRecord")]
public sealed record SolutionStepRecord([property: Id(0)] string? Title);

[GenerateSerializer, Immutable, Alias("sentry.v2.CodeChangeRecord")]
public sealed record CodeChangeRecord(
    [property: Id(0)] string? RepoName,
    [property: Id(1)] string? RepoExternalId,
    [property: Id(2)] string? Title,
    [property: Id(3)] string? Description,
    [property: Id(4)] string? Diff,
    [property: Id(5)] string? BranchName);

[GenerateSerializer, Immutable, Alias("sentry.v2.PullRequestRecord")]
public sealed record PullRequestRecord(
    [property: Id(0)] long? PrNumber,
    [property: Id(1)] string? PrUrl,
    [property: Id(2)] long? PrId,
    [property: Id(3)] string? RepoName,
    [property: Id(4)] string? Provider);
