using Sentry.Grains.Seer;

namespace Sentry.Grains.Issues;

/// <summary>
/// Seer's progress on an issue as the nine <c>seer_*</c> activity alerts report it (they carry no run id):
/// the newest activity type, the furthest documented stage, and the pull requests of <c>seer_pr_created</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("sentry.IssueSeerProgress.2")]
public sealed record IssueSeerProgress(
    [property: Id(0)] string LastActivityType,
    [property: Id(1)] SeerStage? FurthestStage,
    [property: Id(2)] IReadOnlyList<SeerActivityPullRequest> PullRequests,
    [property: Id(3)] DateTimeOffset? SentAt,
    [property: Id(4)] DateTimeOffset UpdatedAt);

/// <summary>A pull request listed by a <c>seer_pr_created</c> activity.</summary>
[GenerateSerializer, Immutable, Alias("sentry.SeerActivityPullRequest")]
public sealed record SeerActivityPullRequest(
    [property: Id(0)] string? RepoName,
    [property: Id(1)] string? Url);
