namespace Sentry.Grains.SentryApi;

/// <summary>
/// A note (comment) on an issue as <c>GET .../issues/{id}/notes/</c> lists it (ActivitySerializer, type <c>note</c>):
/// its activity id, <c>data.text</c>, the user who wrote it, <c>dateCreated</c> and, if Sentry sends one, when it was edited.
/// </summary>
[GenerateSerializer, Immutable, Alias("sentry.SentryNote")]
public sealed record SentryNote(
    [property: Id(0)] string Id,
    [property: Id(1)] string? Text,
    [property: Id(2)] SentryNoteAuthor? Author,
    [property: Id(3)] DateTimeOffset? CreatedAt,
    [property: Id(4)] DateTimeOffset? UpdatedAt);

/// <summary>The user who wrote a note.</summary>
[GenerateSerializer, Immutable, Alias("sentry.SentryNoteAuthor")]
public sealed record SentryNoteAuthor(
    [property: Id(0)] string? Id,
    [property: Id(1)] string? Name,
    [property: Id(2)] string? Email);

/// <summary>
/// The notes of an issue, newest first, from <see cref="Pages"/> pages; <see cref="Complete"/> is false when the
/// page bound stopped the listing while Sentry said more results followed.
/// </summary>
[GenerateSerializer, Immutable, Alias("sentry.SentryNotes")]
public sealed record SentryNotes(
    [property: Id(0)] IReadOnlyList<SentryNote> Notes,
    [property: Id(1)] int Pages,
    [property: Id(2)] bool Complete);
