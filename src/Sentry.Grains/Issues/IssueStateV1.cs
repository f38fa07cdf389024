using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Issues;

/// <summary>
/// Layout 1 of an issue grain's state, as the previous version wrote it (same aliases and ids). Only read:
/// <see cref="IssueUpgrade"/> turns it into an <see cref="IssueHead"/>, which the grain's next write stores.
/// </summary>
[GenerateSerializer, Alias("sentry.IssueState")]
public sealed class IssueStateV1
{
    [Id(0)] public DeliveryLogV1 Deliveries { get; set; } = new();
    [Id(1)] public IssueFields? Issue { get; set; }
    [Id(2)] public DateTimeOffset? IssueSentAt { get; set; }
    [Id(3)] public string? LastAction { get; set; }
    [Id(4)] public Assignee? Assignee { get; set; }
    [Id(5)] public string? ResolutionType { get; set; }
    [Id(6)] public Dictionary<string, CommentStateV1> Comments { get; set; } = [];
    [Id(7)] public long EventCount { get; set; }
    [Id(8)] public List<IssueEvent> RecentEvents { get; set; } = [];
    [Id(9)] public List<string> EventIds { get; set; } = [];
    [Id(10)] public IssueActivity? LatestActivity { get; set; }
    [Id(11)] public DateTimeOffset? UpdatedAt { get; set; }
    [Id(12)] public Dictionary<string, IssueSeerRunV1> SeerRuns { get; set; } = [];
    [Id(13)] public IssueSeerProgressV1? SeerProgress { get; set; }
}

[GenerateSerializer, Alias("sentry.CommentState")]
public sealed class CommentStateV1
{
    [Id(0)] public string? Text { get; set; }
    [Id(1)] public string? Author { get; set; }
    [Id(2)] public DateTimeOffset? CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset? UpdatedAt { get; set; }
    [Id(4)] public bool Deleted { get; set; }
    [Id(5)] public DateTimeOffset? SentAt { get; set; }
}

/// <summary>Layout 1's <c>IssueSeerRun</c> (its stage was Sentry's action name).</summary>
[GenerateSerializer, Immutable, Alias("sentry.IssueSeerRun")]
public sealed record IssueSeerRunV1([property: Id(0)] string RunId, [property: Id(1)] string? Stage, [property: Id(2)] DateTimeOffset UpdatedAt);

/// <summary>Layout 1's <c>IssueSeerProgress</c> (its furthest stage was Sentry's action name).</summary>
[GenerateSerializer, Immutable, Alias("sentry.IssueSeerProgress")]
public sealed record IssueSeerProgressV1(
    [property: Id(0)] string LastActivityType,
    [property: Id(1)] string? FurthestStage,
    [property: Id(2)] IReadOnlyList<SeerActivityPullRequest> PullRequests,
    [property: Id(3)] DateTimeOffset? SentAt,
    [property: Id(4)] DateTimeOffset UpdatedAt);
