using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sentry.Grains.Webhooks;

/// <summary>
/// Tolerant reads of webhook JSON: a field that is missing or of an unexpected type reads as null,
/// so Sentry adding or changing a field we do not key on never fails a webhook.
/// </summary>
internal static class JsonElementExtensions
{
    public static JsonElement? Child(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static JsonElement? Object(this JsonElement element, string name) =>
        element.Child(name) is { ValueKind: JsonValueKind.Object } value ? value : null;

    public static IEnumerable<JsonElement> Array(this JsonElement element, string name) =>
        element.Child(name) is { ValueKind: JsonValueKind.Array } value ? value.EnumerateArray() : [];

    /// <summary>A string, or a number written as its JSON text (Sentry sends ids both ways).</summary>
    public static string? String(this JsonElement element, string name) => element.Child(name) switch
    {
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { ValueKind: JsonValueKind.Number } value => value.GetRawText(),
        _ => null,
    };

    /// <summary>An integer, or a string holding one (Sentry sends <c>count</c> as a string).</summary>
    public static long? Int64(this JsonElement element, string name) => element.Child(name) switch
    {
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var number) => number,
        { ValueKind: JsonValueKind.String } value when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
        _ => null,
    };

    public static int? Int32(this JsonElement element, string name) =>
        element.Int64(name) is { } value and >= int.MinValue and <= int.MaxValue ? (int)value : null;

    public static bool Boolean(this JsonElement element, string name) =>
        element.Child(name) is { ValueKind: JsonValueKind.True };

    public static DateTimeOffset? Date(this JsonElement element, string name) =>
        element.Child(name) is { ValueKind: JsonValueKind.String } value
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : null;

    /// <summary>A number of unix seconds (with a fraction), or null when it is not one or lies outside what a <see cref="DateTimeOffset"/> holds.</summary>
    public static DateTimeOffset? UnixSeconds(this JsonElement element, string name) =>
        element.Child(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetDouble(out var seconds)
        && seconds * 1000 is >= MinUnixMilliseconds and <= MaxUnixMilliseconds
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : null;

    private const double MinUnixMilliseconds = -62135596800000; // 0001-01-01T00:00:00Z
    private const double MaxUnixMilliseconds = 253402300799999; // 9999-12-31T23:59:59.999Z

    /// <summary>An object or array member as compact JSON text, or null.</summary>
    public static string? RawJson(this JsonElement element, string name) =>
        element.Child(name) is { ValueKind: JsonValueKind.Object or JsonValueKind.Array } value ? value.ToCompactJson() : null;

    /// <summary>The element as compact JSON text (a pretty-printed body is not stored with its whitespace).</summary>
    public static string ToCompactJson(this JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, CompactWriter))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static readonly JsonWriterOptions CompactWriter = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };
}
