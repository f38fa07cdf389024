namespace Sentry.Grains.Issues;

/// <summary>
/// The latest activity of an issue from an <c>activity_alert</c> webhook (for example the
/// <c>seer_*</c> types). <see cref="DetailsJson"/> is Sentry's <c>activity.details</c> as compact JSON.
/// </summary>
[GenerateSerializer, Immutable, Alias("sentry.IssueActivity")]
public sealed record IssueActivity(
    [property: Id(0)] string Type,
    [property: Id(1)] string? DetailsJson,
    [property: Id(2)] string? AlertId,
    [property: Id(3)] string? AlertTitle,
    [property: Id(4)] DateTimeOffset? SentAt,
    [property: Id(5)] DateTimeOffset ReceivedAt);
