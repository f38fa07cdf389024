namespace Sentry.Grains.SentryApi;

/// <summary>
/// An issue as Sentry's <c>GET /api/0/organizations/{org}/issues/{id}/</c> answers it (GroupSerializer plus the
/// details endpoint's fields), the fields the service keeps mapped, the rest in <see cref="RawJson"/>.
/// Any field Sentry left out is null.
/// </summary>
[GenerateSerializer, Immutable, Alias("sentry.SentryIssue")]
public sealed record SentryIssue
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public string? ShortId { get; init; }
    [Id(2)] public string? Title { get; init; }
    [Id(3)] public string? Culprit { get; init; }
    [Id(4)] public string? Level { get; init; }

    /// <summary><c>unresolved</c>, <c>resolved</c> or <c>ignored</c>.</summary>
    [Id(5)] public string? Status { get; init; }

    [Id(6)] public string? Substatus { get; init; }

    /// <summary>The <c>statusDetails</c> object as JSON text (<c>inNextRelease</c>, <c>ignoreUntil</c>, ...).</summary>
    [Id(7)] public string? StatusDetailsJson { get; init; }

    [Id(8)] public string? Priority { get; init; }
    [Id(9)] public SentryAssignee? AssignedTo { get; init; }
    [Id(10)] public string? Permalink { get; init; }
    [Id(11)] public SentryProjectRef? Project { get; init; }
    [Id(12)] public string? IssueType { get; init; }
    [Id(13)] public string? IssueCategory { get; init; }

    /// <summary>Events in the issue (Sentry sends it as a string).</summary>
    [Id(14)] public long? Count { get; init; }

    [Id(15)] public long? UserCount { get; init; }
    [Id(16)] public DateTimeOffset? FirstSeen { get; init; }
    [Id(17)] public DateTimeOffset? LastSeen { get; init; }

    /// <summary>How many notes (comments) the issue has: compare with the comments the service holds.</summary>
    [Id(18)] public int? NumComments { get; init; }

    /// <summary>The whole answer as Sentry sent it.</summary>
    [Id(19)] public required string RawJson { get; init; }
}

/// <summary>Who an issue is assigned to: <c>{type: "user"|"team", id, name, email?}</c>.</summary>
[GenerateSerializer, Immutable, Alias("sentry.SentryAssignee")]
public sealed record SentryAssignee(
    [property: Id(0)] string? Type,
    [property: Id(1)] string? Id,
    [property: Id(2)] string? Name,
    [property: Id(3)] string? Email);

/// <summary>The project of an issue.</summary>
[GenerateSerializer, Immutable, Alias("sentry.SentryProjectRef")]
public sealed record SentryProjectRef(
    [property: Id(0)] string? Id,
    [property: Id(1)] string? Slug);
