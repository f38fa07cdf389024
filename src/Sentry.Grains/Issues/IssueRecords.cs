using Sentry.Grains.Seer;
using Sentry.Grains.Storage;

namespace Sentry.Grains.Issues;

// The issue's stored records: the grain's own types, not the contract's, so the contract can change without touching stored rows.

/// <summary>The fields of Sentry's issue serializer that are kept, as stored.</summary>
[GenerateSerializer, Immutable, Alias("sentry.v2.IssueRecord")]
public sealed record IssueRecord
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public string? ShortId { get; init; }
    [Id(2)] public string? Title { get; init; }
    [Id(3)] public string? Culprit { get; init; }
    [Id(4)] public string? Level { get; init; }
    [Id(5)] public string? Status { get; init; }
    [Id(6)] public string? Substatus { get; init; }
    [Id(7)] public string? StatusDetailsJson { get; init; }
    [Id(8)] public string? Priority { get; init; }
    [Id(9)] public AssigneeRecord? AssignedTo { get; init; }
    [Id(10)] public string? IssueType { get; init; }
    [Id(11)] public string? IssueCategory { get; init; }
    [Id(12)] public ProjectRecord? Project { get; init; }
    [Id(13)] public long? Count { get; init; }
    [Id(14)] public long? UserCount { get; init; }
    [Id(15)] public DateTimeOffset? FirstSeen { get; init; }
    [Id(16)] public DateTimeOffset? LastSeen { get; init; }
    [Id(17)] public string? Permalink { get; init; }
    [Id(18)] public string? WebUrl { get; init; }
}

[GenerateSerializer, Immutable, Alias("sentry.v2.AssigneeRecord")]
public sealed record AssigneeRecord([property: Id(0)] string? Type, [property: Id(1)] string? Id, [property: Id(2)] string? Name, [property: Id(3)] string? Email);

[GenerateSerializer, Immutable, Alias("sentry.v2.ProjectRecord")]
public sealed record ProjectRecord([property: Id(0)] string? Id, [property: Id(1)] string? Name, [property: Id(2)] string? Slug, [property: Id(3)] string? Platform);

[GenerateSerializer, Immutable, Alias("sentry.v2.ActorRecord")]
public sealed record ActorRecord([property: Id(0)] string Type, [property: Id(1)] string? Id, [property: Id(2)] string? Name);

/// <summary>A comment as it stands after one applied change; the newest record of a comment id is the comment.</summary>
[GenerateSerializer, Immutable, Alias("sentry.v2.CommentRecord")]
public sealed record CommentRecord(
    [property: Id(0)] string CommentId,
    [property: Id(1)] string? Text,
    [property: Id(2)] string? Author,
    [property: Id(3)] DateTimeOffset? CreatedAt,
    [property: Id(4)] DateTimeOffset? UpdatedAt,
    [property: Id(5)] bool Deleted,
    [property: Id(6)] DateTimeOffset? OrderAt) : ILogEntry
{
    public int ApproximateBytes => 48 + CommentId.Length + (Text?.Length ?? 0) + (Author?.Length ?? 0);
}

/// <summary>One counted event. <see cref="IdOnly"/> as the source: only its id is known (upgraded from layout 1, which kept ids apart).</summary>
[GenerateSerializer, Immutable, Alias("sentry.v2.EventRecord")]
public sealed record EventRecord(
    [property: Id(0)] string EventId,
    [property: Id(1)] string? Title,
    [property: Id(2)] string? Level,
    [property: Id(3)] DateTimeOffset? OccurredAt,
    [property: Id(4)] string? WebUrl,
    [property: Id(5)] string Source,
    [property: Id(6)] string? TriggeredRule,
    [property: Id(7)] DateTimeOffset ReceivedAt) : ILogEntry
{
    public const string IdOnly = "id-only";

    public int ApproximateBytes => 40 + EventId.Length + (Title?.Length ?? 0) + (Level?.Length ?? 0) + (WebUrl?.Length ?? 0) + Source.Length + (TriggeredRule?.Length ?? 0);
}

/// <summary>The latest <c>activity_alert</c>.</summary>
[GenerateSerializer, Immutable, Alias("sentry.v2.ActivityRecord")]
public sealed record ActivityRecord(
    [property: Id(0)] string Type,
    [property: Id(1)] string? DetailsJson,
    [property: Id(2)] string? AlertId,
    [property: Id(3)] string? AlertTitle,
    [property: Id(4)] DateTimeOffset? SentAt,
    [property: Id(5)] DateTimeOffset ReceivedAt,
    [property: Id(6)] DateTimeOffset? OrderAt);

/// <summary>A Seer run on the issue as the run last reported itself.</summary>
[GenerateSerializer, Immutable, Alias("sentry.v2.SeerRunLinkRecord")]
public sealed record SeerRunLinkRecord([property: Id(0)] string RunId, [property: Id(1)] SeerStage? Stage, [property: Id(2)] DateTimeOffset UpdatedAt);

/// <summary>Seer's progress as the <c>seer_*</c> activity alerts report it.</summary>
[GenerateSerializer, Immutable, Alias("sentry.v2.SeerProgressRecord")]
public sealed record SeerProgressRecord(
    [property: Id(0)] string LastActivityType,
    [property: Id(1)] SeerStage? FurthestStage,
    [property: Id(2)] IReadOnlyList<PullRequestLinkRecord> PullRequests,
    [property: Id(3)] DateTimeOffset? SentAt,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] DateTimeOffset? OrderAt);

[GenerateSerializer, Immutable, Alias("sentry.v2.PullRequestLinkRecord")]
public sealed record PullRequestLinkRecord([property: Id(0)] string? RepoName, [property: Id(1)] string? Url);
