using System.Text.Json;

namespace Sentry.Grains.Webhooks;

/// <summary>
/// A verified webhook body as a resource's parser sees it: the envelope <c>{action, installation:{uuid}, data,
/// actor}</c>, the grain key already checked against its <see cref="KeyShape"/>, and the delivery. Only valid
/// while the parser runs (it reads the body's JSON document).
/// </summary>
public readonly record struct WebhookEnvelope(JsonElement Root, JsonElement Data, string Action, string Key, Actor? Actor, Delivery Delivery)
{
    /// <summary>The object member <paramref name="name"/> of <paramref name="parent"/> (at <paramref name="path"/>), or a 400 naming the path.</summary>
    public static JsonElement RequireObject(JsonElement parent, string name, string path) =>
        parent.Object(name) ?? throw new WebhookFormatException($"'{path}' is missing or not an object.");

    /// <summary>A required string (or number) field, or a 400 naming <paramref name="path"/>.</summary>
    public static string Require(string? value, string path) =>
        string.IsNullOrWhiteSpace(value) ? throw new WebhookFormatException($"'{path}' is missing.") : value;

    /// <summary>The canonical key of shape <paramref name="shape"/> in member <paramref name="name"/>, or a 400 naming <paramref name="path"/>.</summary>
    public static string RequireKey(JsonElement parent, string name, string path, KeyShape shape) =>
        parent.Child(name) is not { } value ? throw new WebhookFormatException($"'{path}' is missing.")
        : shape.TryRead(value, out var key) ? key
        : throw new WebhookFormatException($"'{path}' must be {shape.Describe()}; got {KeyShapes.DescribeValue(value)}.");

    /// <summary>Like <see cref="RequireKey"/> for an optional member: null when absent, a 400 when present with the wrong shape.</summary>
    public static string? OptionalKey(JsonElement parent, string name, string path, KeyShape shape) =>
        parent.Child(name) is not { } value ? null
        : shape.TryRead(value, out var key) ? key
        : throw new WebhookFormatException($"'{path}' must be {shape.Describe()}; got {KeyShapes.DescribeValue(value)}.");
}
