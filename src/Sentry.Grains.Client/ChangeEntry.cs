using System.Text.Json;

namespace Sentry.Grains.Client;

/// <summary>
/// One change on the feed: what changed (<see cref="Kind"/>), the grain (<see cref="Resource"/>, <see cref="Key"/>) and
/// its version after the change, when, and <see cref="Data"/>: the grain's row after the change and the item it concerns.
/// </summary>
public sealed record ChangeEntry
{
    /// <summary>
    /// This entry's opaque cursor. Reading with it as <c>after</c> continues right after this entry: persist it once the
    /// entry is handled to resume there, with nothing missed and nothing repeated.
    /// </summary>
    public required string Cursor { get; init; }

    /// <summary>The kind of change, e.g. <c>issue.status</c> (see <see cref="ChangeKinds"/>).</summary>
    public required string Kind { get; init; }

    /// <summary>The grain's resource: <c>issue</c>, <c>seer</c>, <c>metric_alert</c> or <c>installation</c>.</summary>
    public required string Resource { get; init; }

    /// <summary>The grain's key (issue id, Seer run id, metric alert id, installation uuid).</summary>
    public required string Key { get; init; }

    /// <summary>The grain's version after the change.</summary>
    public required long Version { get; init; }

    /// <summary>When the change happened.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The change's data as the server wrote it: <c>row</c> (see <see cref="ReadRow"/>) and, for some kinds, <c>item</c>.</summary>
    public JsonElement Data { get; init; }

    /// <summary>The grain's row after the change, as JSON; null when the entry has none.</summary>
    public JsonElement? Row => Part("row");

    /// <summary>The item the change concerns (the comment, the event, the Seer event), as JSON; null for kinds without one.</summary>
    public JsonElement? Item => Part("item");

    /// <summary>
    /// The grain's row after the change, typed by <see cref="Resource"/>: an <see cref="IssueListItem"/>,
    /// <see cref="SeerRunListItem"/>, <see cref="MetricAlertListItem"/> or <see cref="InstallationListItem"/>; null when
    /// the entry has no row or its resource is one this client does not know.
    /// </summary>
    public ListItem? ReadRow() =>
        Row is { } row && ClientJson.RowTypeOf(Resource) is { } type ? (ListItem?)row.Deserialize(ClientJson.Default.GetTypeInfo(type)!) : null;

    /// <summary>The grain's row after the change as <typeparamref name="T"/>; null when the entry has no row.</summary>
    /// <exception cref="InvalidOperationException">The entry's <see cref="Resource"/> does not have rows of <typeparamref name="T"/>.</exception>
    public T? ReadRow<T>() where T : ListItem
    {
        if (ClientJson.RowTypeOf(Resource) != typeof(T))
        {
            throw new InvalidOperationException($"A '{Resource}' change does not carry a {typeof(T).Name}.");
        }

        return Row is { } row ? (T?)row.Deserialize(ClientJson.Default.GetTypeInfo(typeof(T))!) : null;
    }

    private JsonElement? Part(string name) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var part) && part.ValueKind != JsonValueKind.Null ? part : null;
}
