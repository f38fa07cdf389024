using System.Globalization;
using System.Text;

namespace Sentry.Grains.Tests.Infrastructure.Fuzz;

/// <summary>The values the fuzz puts into a document: of every JSON kind, biased towards edges and hostile forms.</summary>
public static class FuzzValues
{
    /// <summary>One more than the endpoint's default <c>Webhooks:MaxBodyBytes</c>.</summary>
    public const int OverBodyLimit = (1024 * 1024) + 1;

    /// <summary>Numbers at the edges of int, long, ulong, double and of the unix times (seconds and milliseconds) a DateTimeOffset holds.</summary>
    public static readonly string[] EdgeNumbers =
    [
        "0", "-0", "1", "-1", "0.5", "-0.0", "1.0", "100.000", "1E2", "1e+2", "1e-400", "1e400", "-1e400", "1.5e300", "-1.5e300",
        "4.9e-324", "1.7976931348623157e308", "-1.7976931348623157e308", "2147483647", "2147483648", "-2147483648", "-2147483649",
        "4294967296", "9007199254740993", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "9999999999999999999", "18446744073709551615", "18446744073709551616", "99999999999999999999", "123456789012345678901234567890",
        "253402300799", "253402300800", "-62135596800", "-62135596801", "253402300799999", "253402300800000", "-62135596800000",
        "-62135596801000", "1e11", "-1e11", "-2.5e11", "1e15", "-1e15", "1e18", "-1e18", "0.000001", "-0.000001",
    ];

    /// <summary>Strings that mean something elsewhere: paths, escapes, numbers, dates at the ends of time, uuids in other forms.</summary>
    public static readonly string[] EdgeStrings =
    [
        "", " ", "x", "null", "true", "false", "0", "1", "-1", "01", "+5", "1.5e300", "NaN", "Infinity", "../../x", "..\\..\\x", "/etc/passwd",
        "%00", "\0", "a\0b", "\t", "\n", "\r\n", "\u2028", "\u202e", "\uFEFF", "é", "Ω", "😀", "１２３", "<script>", "'; DROP TABLE x; --",
        "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59-14:00", "2019-13-45T25:61:61Z",
        "2019-08-19", "1566248317.391", "2019-08-19T21:06:17.677000Z", "a8e5d37a-696c-4c54-adb5-b3f28d64c7de",
        "A8E5D37A-696C-4C54-ADB5-B3F28D64C7DE", "{a8e5d37a-696c-4c54-adb5-b3f28d64c7de}", "a8e5d37a696c4c54adb5b3f28d64c7de",
        "00000000-0000-0000-0000-000000000000", "e4874d664c3540c1a32eab185f12c5ab",
    ];

    /// <summary>Times at the ends of what a DateTimeOffset holds (unix seconds and milliseconds, either sign), and dates that are not quite dates.</summary>
    public static readonly string[] EdgeTimes =
    [
        "0", "-1", "1e11", "-1e11", "-2.5e11", "-62135596800", "-62135596801", "-253402300798", "253402300799", "253402300800", "1566248777677",
        "-1566248777677", "1e400", "\"0001-01-01T00:00:00Z\"", "\"0001-01-01T00:00:00+14:00\"", "\"0001-01-01T00:00:00-14:00\"",
        "\"9999-12-31T23:59:59Z\"", "\"9999-12-31T23:59:59+14:00\"", "\"9999-12-31T23:59:59-14:00\"", "\"2019-02-29T00:00:00Z\"",
        "\"2019-13-45T25:61:61Z\"", "\"\"", "\"now\"", "\"1566248777\"", "\"2019-08-19T21:06:17.6770000000000000000001Z\"",
        "\"+002019-08-19T21:06:17Z\"", "\"2019-08-19 21:06:17\"", "\"Mon, 19 Aug 2019 21:06:17 GMT\"", "null",
    ];

    /// <summary>True for a value that looks like a time: a date string, or a number of unix seconds or milliseconds.</summary>
    public static bool IsTimeLike(FuzzNode node) => node is FuzzRaw raw && raw.Kind switch
    {
        FuzzKind.String => FuzzRaw.TryReadString(raw.Text, out var text) && text.Length >= 10 && char.IsAsciiDigit(text[0]) && text.Contains('-', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
        FuzzKind.Number => double.TryParse(raw.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && Math.Abs(number) is >= 1e8 and < 1e14,
        _ => false,
    };

    /// <summary>Byte sequences that are not UTF-8: invalid lead and continuation bytes, overlongs, surrogates, beyond U+10FFFF, cut short.</summary>
    public static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xFE], [0x80], [0xBF], [0xC3, 0x28], [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
        [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC3],
    ];

    /// <summary>JSON escapes of UTF-16 surrogates that do not pair up.</summary>
    public static readonly string[] LoneSurrogateEscapes = ["\\ud800", "\\udbff", "\\udc00", "\\udfff", "\\ud800\\ud800", "\\udc00\\ud800", "\\ud83dx", "\\uD800"];

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public static bool Chance(this Random random, double p) => random.NextDouble() < p;

    /// <summary>A kind other than <paramref name="kind"/>.</summary>
    public static FuzzKind OtherKind(Random random, FuzzKind kind)
    {
        var others = Enum.GetValues<FuzzKind>().Where(k => k != kind).ToArray();
        return random.Pick(others);
    }

    /// <summary>A value of <paramref name="kind"/>; <paramref name="original"/> (the value it replaces) may be reused inside it or converted.</summary>
    public static FuzzNode Of(Random random, FuzzKind kind, FuzzNode? original = null) => kind switch
    {
        FuzzKind.String => original is FuzzRaw { Kind: FuzzKind.Number } number && random.Chance(0.4)
            ? new FuzzRaw([(byte)'"', .. number.Text, (byte)'"'])
            : String(random),
        FuzzKind.Number => original is FuzzRaw { Kind: FuzzKind.String } text && FuzzRaw.TryReadString(text.Text, out var digits)
                && digits.Length is > 0 and < 400 && digits.All(char.IsAsciiDigit) && random.Chance(0.5)
            ? FuzzRaw.Of(digits)
            : Number(random),
        FuzzKind.Object => Object(random, original),
        FuzzKind.Array => Array(random, original),
        FuzzKind.Boolean => FuzzRaw.Of(random.Chance(0.5) ? "true" : "false"),
        FuzzKind.Null => FuzzRaw.Of("null"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static FuzzRaw Number(Random random) => random.Next(10) switch
    {
        < 5 => FuzzRaw.Of(random.Pick(EdgeNumbers)),
        < 7 => FuzzRaw.Of(Integer(random, random.Next(1, 26))),
        < 9 => FuzzRaw.Of(string.Create(CultureInfo.InvariantCulture, $"{(random.Chance(0.5) ? "-" : "")}{random.Next(1, 10)}.{random.Next(0, 1000000)}e{random.Next(-400, 401)}")),
        _ => FuzzRaw.Of(Integer(random, random.Chance(0.2) ? 5000 : random.Next(26, 400))),
    };

    /// <summary>A JSON integer of <paramref name="digits"/> digits, sometimes negative or with leading zeros (which is not JSON).</summary>
    public static string Integer(Random random, int digits)
    {
        var text = new StringBuilder(digits + 1);
        if (random.Chance(0.2))
        {
            text.Append('-');
        }

        text.Append((char)('1' + random.Next(9)));
        for (var i = 1; i < digits; i++)
        {
            text.Append((char)('0' + random.Next(10)));
        }

        return text.ToString();
    }

    public static FuzzRaw String(Random random) => random.Next(10) switch
    {
        < 4 => FuzzRaw.String(random.Pick(EdgeStrings)),
        < 5 => FuzzRaw.String(Integer(random, random.Next(1, 26)).TrimStart('-')),
        < 6 => FuzzRaw.String(RandomGuid(random).ToString(random.Pick(["D", "N", "B"]), CultureInfo.InvariantCulture)),
        < 8 => FuzzRaw.String(Text(random, random.Next(0, 40))),
        < 9 => new FuzzRaw(Encoding.UTF8.GetBytes($"\"a{random.Pick(LoneSurrogateEscapes)}b\"")),
        _ => FuzzRaw.String(Text(random, random.Next(40, 2000))),
    };

    /// <summary>A string of any code points (not surrogates), mostly ASCII.</summary>
    public static string Text(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            var codePoint = random.Next(10) switch
            {
                < 6 => random.Next(0x20, 0x7F),
                < 7 => random.Next(0, 0x20),
                < 9 => random.Next(0x80, 0xD800),
                _ => random.Next(0xE000, 0x110000),
            };
            text.Append(char.ConvertFromUtf32(codePoint));
        }

        return text.ToString();
    }

    /// <summary>A string of 1 KB to about 200 KB; sometimes just under or just over the body limit.</summary>
    public static FuzzRaw LongString(Random random)
    {
        var length = random.Next(20) switch
        {
            0 => OverBodyLimit,
            1 => OverBodyLimit - 8 * 1024,
            _ => (int)Math.Pow(10, 3 + (random.NextDouble() * 2.3)),
        };
        var fill = random.Pick(["x", "é", "\\n", "\\u0000", "😀"]);
        var text = new StringBuilder(length + 2).Append('"');
        while (text.Length < length)
        {
            text.Append(fill);
        }

        return FuzzRaw.Of(text.Append('"').ToString());
    }

    /// <summary>
    /// <paramref name="depth"/> arrays or objects inside each other around <paramref name="inner"/>; beyond 100 levels as
    /// raw text, so that nothing here recurses that deep.
    /// </summary>
    public static FuzzNode Nested(Random random, int depth, FuzzNode inner)
    {
        var objects = random.Chance(0.5);
        if (depth > 100)
        {
            var (open, close) = objects ? ("{\"a\":"u8.ToArray(), "}"u8.ToArray()) : ("["u8.ToArray(), "]"u8.ToArray());
            var text = new List<byte>((depth * (open.Length + 1)) + 64);
            for (var i = 0; i < depth; i++)
            {
                text.AddRange(open);
            }

            text.AddRange(inner.ToBytes());
            for (var i = 0; i < depth; i++)
            {
                text.AddRange(close);
            }

            return new FuzzRaw([.. text]);
        }

        var node = inner;
        for (var i = 0; i < depth; i++)
        {
            node = objects ? new FuzzObject([new FuzzMember(FuzzRaw.NameToken("a"), node)]) : new FuzzArray([node]);
        }

        return node;
    }

    public static Guid RandomGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static FuzzNode Object(Random random, FuzzNode? original)
    {
        if (original is not null && original is not FuzzObject && random.Chance(0.3))
        {
            return new FuzzObject([new FuzzMember(FuzzRaw.NameToken(random.Pick(["id", "value", "x"])), original.Clone())]);
        }

        var members = new List<FuzzMember>();
        for (var i = random.Next(0, 4); i > 0; i--)
        {
            members.Add(new FuzzMember(FuzzRaw.NameToken(random.Pick(["id", "uuid", "action", "data", "issue", "status", "x", ""])), Scalar(random)));
        }

        return new FuzzObject(members);
    }

    private static FuzzNode Array(Random random, FuzzNode? original)
    {
        if (original is not null && random.Chance(0.3))
        {
            return new FuzzArray([original.Clone()]);
        }

        var items = new List<FuzzNode>();
        for (var i = random.Next(0, 4); i > 0; i--)
        {
            items.Add(Scalar(random));
        }

        return new FuzzArray(items);
    }

    private static FuzzRaw Scalar(Random random) => random.Next(4) switch
    {
        0 => Number(random),
        1 => String(random),
        2 => FuzzRaw.Of(random.Chance(0.5) ? "true" : "null"),
        _ => FuzzRaw.String(Text(random, random.Next(0, 8))),
    };
}
