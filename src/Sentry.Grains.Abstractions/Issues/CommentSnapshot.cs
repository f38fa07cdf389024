namespace Sentry.Grains.Issues;

/// <summary>A comment on an issue. A deleted comment keeps its id and <see cref="Deleted"/> set, with no text.</summary>
[GenerateSerializer, Immutable, Alias("sentry.CommentSnapshot")]
public sealed record CommentSnapshot(
    [property: Id(0)] string CommentId,
    [property: Id(1)] string? Text,
    [property: Id(2)] string? Author,
    [property: Id(3)] DateTimeOffset? CreatedAt,
    [property: Id(4)] DateTimeOffset? UpdatedAt,
    [property: Id(5)] bool Deleted);
