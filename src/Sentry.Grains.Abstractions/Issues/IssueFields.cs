namespace Sentry.Grains.Issues;

/// <summary>
/// The fields of Sentry's issue (group) serializer that this service keeps.
/// <see cref="StatusDetailsJson"/> is Sentry's <c>statusDetails</c> object as compact JSON text.
/// </summary>
[GenerateSerializer, Immutable, Alias("sentry.IssueFields")]
public sealed record IssueFields
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
    [Id(9)] public Assignee? AssignedTo { get; init; }
    [Id(10)] public string? IssueType { get; init; }
    [Id(11)] public string? IssueCategory { get; init; }
    [Id(12)] public ProjectRef? Project { get; init; }
    [Id(13)] public long? Count { get; init; }
    [Id(14)] public long? UserCount { get; init; }
    [Id(15)] public DateTimeOffset? FirstSeen { get; init; }
    [Id(16)] public DateTimeOffset? LastSeen { get; init; }
    [Id(17)] public string? Permalink { get; init; }
    [Id(18)] public string? WebUrl { get; init; }
}

/// <summary>A user or team an issue is assigned to.</summary>
[GenerateSerializer, Immutable, Alias("sentry.Assignee")]
public sealed record Assignee(
    [property: Id(0)] string? Type,
    [property: Id(1)] string? Id,
    [property: Id(2)] string? Name,
    [property: Id(3)] string? Email);

/// <summary>The project an issue belongs to.</summary>
[GenerateSerializer, Immutable, Alias("sentry.ProjectRef")]
public sealed record ProjectRef(
    [property: Id(0)] string? Id,
    [property: Id(1)] string? Name,
    [property: Id(2)] string? Slug,
    [property: Id(3)] string? Platform);
