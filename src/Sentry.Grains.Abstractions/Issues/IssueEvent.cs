namespace Sentry.Grains.Issues;

/// <summary>One event of an issue, as an <c>event_alert</c> or <c>error</c> webhook described it.</summary>
[GenerateSerializer, Immutable, Alias("sentry.IssueEvent")]
public sealed record IssueEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] string? Title,
    [property: Id(2)] string? Level,
    [property: Id(3)] DateTimeOffset? OccurredAt,
    [property: Id(4)] string? WebUrl,
    [property: Id(5)] string Source,
    [property: Id(6)] string? TriggeredRule);
