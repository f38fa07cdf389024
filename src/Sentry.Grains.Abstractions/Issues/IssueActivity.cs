using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sentry.Grains.Issues;

/// <summary>
/// The latest activity of an issue from an <c>activity_alert</c> webhook (for example the
/// <c>seer_*</c> types). <see cref="DetailsJson"/> is Sentry's <c>activity.details</c> as compact JSON.
/// </summary>
[GenerateSerializer, Immutable, Alias("sentry.IssueActivity")]
public sealed record IssueActivity(
    [property: Id(0)] string Type,
    string? DetailsJson,
    [property: Id(2)] string? AlertId,
    [property: Id(3)] string? AlertTitle,
    [property: Id(4)] DateTimeOffset? SentAt,
    [property: Id(5)] DateTimeOffset ReceivedAt)
{
    [JsonIgnore, Id(1)]
    public string? DetailsJson { get; init; } = DetailsJson;

    /// <summary><c>activity.details</c> as JSON, for the HTTP API.</summary>
    public JsonElement? Details => JsonText.ToElement(DetailsJson);
}
