namespace Sentry.Grains.Seer;

/// <summary>The root cause Seer found (<c>root_cause_completed</c>).</summary>
[GenerateSerializer, Immutable, Alias("sentry.SeerRootCause")]
public sealed record SeerRootCause(
    [property: Id(0)] string? Description,
    [property: Id(1)] IReadOnlyList<SeerRootCauseStep> Steps);

/// <summary>One step of the root cause's timeline.</summary>
[GenerateSerializer, Immutable, Alias("sentry.SeerRootCauseStep")]
public sealed record SeerRootCauseStep(
    [property: Id(0)] string? Title,
    [property: Id(1)] string? CodeSnippetAndAnalysis,
    [property: Id(2)] string? TimelineItemType,
    [property: Id(3)] SeerCodeFile? RelevantCodeFile,
    [property: Id(4)] bool IsMostImportantEvent);

/// <summary>A file in a repository that a root cause step points at.</summary>
[GenerateSerializer, Immutable, Alias("sentry.SeerCodeFile")]
public sealed record SeerCodeFile(
    [property: Id(0)] string? FilePath,
    [property: Id(1)] string? RepoName);

/// <summary>The solution Seer proposes (<c>solution_completed</c>).</summary>
[GenerateSerializer, Immutable, Alias("sentry.SeerSolution")]
public sealed record SeerSolution(
    [property: Id(0)] string? Description,
    [property: Id(1)] IReadOnlyList<SeerSolutionStep> Steps);

/// <summary>One step of a solution.</summary>
[GenerateSerializer, Immutable, Alias("sentry.SeerSolutionStep")]
public sealed record SeerSolutionStep([property: Id(0)] string? Title);

/// <summary>A code change Seer wrote (<c>coding_completed</c>).</summary>
[GenerateSerializer, Immutable, Alias("sentry.SeerCodeChange")]
public sealed record SeerCodeChange(
    [property: Id(0)] string? RepoName,
    [property: Id(1)] string? RepoExternalId,
    [property: Id(2)] string? Title,
    [property: Id(3)] string? Description,
    [property: Id(4)] string? Diff,
    [property: Id(5)] string? BranchName);

/// <summary>A pull request Seer opened (<c>pr_created</c>).</summary>
[GenerateSerializer, Immutable, Alias("sentry.SeerPullRequest")]
public sealed record SeerPullRequest(
    [property: Id(0)] long? PrNumber,
    [property: Id(1)] string? PrUrl,
    [property: Id(2)] long? PrId,
    [property: Id(3)] string? RepoName,
    [property: Id(4)] string? Provider);
