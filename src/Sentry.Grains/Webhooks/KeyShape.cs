using System.Globalization;
using System.Text.Json;

namespace Sentry.Grains.Webhooks;

/// <summary>The shapes Sentry's keys come in; every grain key is checked against one and written canonically.</summary>
public enum KeyShape
{
    /// <summary>An issue, comment, metric alert or Seer run id: a positive integer of at most 19 digits, sent as a JSON number or a string of digits. Canonical: decimal digits without leading zeros.</summary>
    SentryId,

    /// <summary>An installation uuid. Canonical: lowercase with dashes (<c>a8e5d37a-696c-4c54-adb5-b3f28d64c7de</c>).</summary>
    Uuid,

    /// <summary>An event id: 32 hex digits (a uuid4 without dashes; a dashed uuid is accepted). Canonical: 32 lowercase hex digits.</summary>
    EventId,
}

/// <summary>Checking and canonicalizing keys of a <see cref="KeyShape"/>.</summary>
public static class KeyShapes
{
    /// <summary>At most this many digits: a positive 64-bit id has 19.</summary>
    public const int MaxIdDigits = 19;

    /// <summary>What a key of <paramref name="shape"/> must look like, for error messages and the README.</summary>
    public static string Describe(this KeyShape shape) => shape switch
    {
        KeyShape.SentryId => $"a positive integer of at most {MaxIdDigits} digits (JSON number or string)",
        KeyShape.Uuid => "a UUID (8-4-4-4-12 hex digits)",
        KeyShape.EventId => "32 hex digits (a UUID, dashes allowed)",
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    /// <summary>The canonical key in <paramref name="text"/>, or false when it does not have the shape.</summary>
    public static bool TryCanonicalize(this KeyShape shape, ReadOnlySpan<char> text, out string key)
    {
        key = "";
        switch (shape)
        {
            case KeyShape.SentryId:
                if (text.Length is 0 or > MaxIdDigits || text.ContainsAnyExceptInRange('0', '9')
                    || !ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id == 0)
                {
                    return false;
                }

                key = id.ToString(CultureInfo.InvariantCulture);
                return true;
            case KeyShape.Uuid:
                if (text.Length != 36 || !Guid.TryParseExact(text, "D", out var uuid))
                {
                    return false;
                }

                key = uuid.ToString("D");
                return true;
            case KeyShape.EventId:
                if (!(text.Length == 32 ? Guid.TryParseExact(text, "N", out var eventId) : text.Length == 36 && Guid.TryParseExact(text, "D", out eventId)))
                {
                    return false;
                }

                key = eventId.ToString("N");
                return true;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape));
        }
    }

    /// <summary>
    /// The canonical key in a JSON value: a string, or for <see cref="KeyShape.SentryId"/> also a number written
    /// as plain digits (no sign, fraction or exponent). False for anything else.
    /// </summary>
    public static bool TryRead(this KeyShape shape, JsonElement value, out string key)
    {
        key = "";
        return value.ValueKind switch
        {
            JsonValueKind.String => shape.TryCanonicalize(value.GetString(), out key),
            JsonValueKind.Number when shape == KeyShape.SentryId => shape.TryCanonicalize(value.GetRawText(), out key),
            _ => false,
        };
    }

    /// <summary>Describes a rejected JSON value without echoing much of it (it may be large or hostile).</summary>
    public static string DescribeValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() is { } text ? $"the string {Quote(text)}" : "a string",
        JsonValueKind.Number => $"the number {Quote(value.GetRawText())}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>At most 40 characters of <paramref name="text"/>, with control characters escaped.</summary>
    public static string Quote(ReadOnlySpan<char> text)
    {
        var shown = text.Length <= 40 ? text : text[..40];
        var escaped = string.Concat(shown.ToString().Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return text.Length <= 40 ? $"'{escaped}'" : $"'{escaped}…' ({text.Length} characters)";
    }
}
