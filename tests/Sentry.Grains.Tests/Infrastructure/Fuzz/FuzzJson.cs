using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sentry.Grains.Tests.Infrastructure.Fuzz;

/// <summary>
/// A JSON document the fuzz can break in ways <see cref="System.Text.Json.Nodes.JsonNode"/> cannot hold: an object's
/// members are a list (so a name may appear twice) with raw name tokens, and every scalar is its raw bytes (so a
/// "number" may be 5,000 digits or <c>1e400</c>, and a "string" may hold invalid UTF-8 or a lone surrogate escape).
/// </summary>
public abstract class FuzzNode
{
    /// <summary>The node as JSON bytes: compact, members and items in order, raw tokens verbatim.</summary>
    public byte[] ToBytes()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        Write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    internal abstract void Write(ArrayBufferWriter<byte> output);

    /// <summary>A deep copy.</summary>
    public abstract FuzzNode Clone();

    public static FuzzNode Parse(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return From(document.RootElement);
    }

    public static FuzzNode From(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new FuzzObject([.. element.EnumerateObject().Select(p => new FuzzMember(FuzzRaw.NameToken(p.Name), From(p.Value)))]),
        JsonValueKind.Array => new FuzzArray([.. element.EnumerateArray().Select(From)]),
        _ => new FuzzRaw(Encoding.UTF8.GetBytes(element.GetRawText())),
    };

    protected static void Append(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> bytes) => output.Write(bytes);
}

/// <summary>An object member: its raw name token (with the quotes) and its value.</summary>
public sealed class FuzzMember(byte[] nameToken, FuzzNode value)
{
    public byte[] NameToken { get; set; } = nameToken;

    public FuzzNode Value { get; set; } = value;

    /// <summary>The name, if the token is a plain JSON string (for paths and descriptions).</summary>
    public string Name => FuzzRaw.TryReadString(NameToken, out var name) ? name : Encoding.UTF8.GetString(NameToken);
}

public sealed class FuzzObject(List<FuzzMember> members) : FuzzNode
{
    public List<FuzzMember> Members { get; } = members;

    internal override void Write(ArrayBufferWriter<byte> output)
    {
        Append(output, "{"u8);
        for (var i = 0; i < Members.Count; i++)
        {
            if (i > 0)
            {
                Append(output, ","u8);
            }

            Append(output, Members[i].NameToken);
            Append(output, ":"u8);
            Members[i].Value.Write(output);
        }

        Append(output, "}"u8);
    }

    public override FuzzNode Clone() => new FuzzObject([.. Members.Select(m => new FuzzMember(m.NameToken, m.Value.Clone()))]);
}

public sealed class FuzzArray(List<FuzzNode> items) : FuzzNode
{
    public List<FuzzNode> Items { get; } = items;

    internal override void Write(ArrayBufferWriter<byte> output)
    {
        Append(output, "["u8);
        for (var i = 0; i < Items.Count; i++)
        {
            if (i > 0)
            {
                Append(output, ","u8);
            }

            Items[i].Write(output);
        }

        Append(output, "]"u8);
    }

    public override FuzzNode Clone() => new FuzzArray([.. Items.Select(i => i.Clone())]);
}

/// <summary>A scalar (or any text at all) written verbatim.</summary>
public sealed class FuzzRaw(byte[] text) : FuzzNode
{
    private static readonly JsonSerializerOptions Escaping = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public byte[] Text { get; } = text;

    public FuzzKind Kind => Text.Length == 0 ? FuzzKind.Number : Text[0] switch
    {
        (byte)'"' => FuzzKind.String,
        (byte)'t' or (byte)'f' => FuzzKind.Boolean,
        (byte)'n' => FuzzKind.Null,
        _ => FuzzKind.Number,
    };

    internal override void Write(ArrayBufferWriter<byte> output) => Append(output, Text);

    public override FuzzNode Clone() => this;

    public static FuzzRaw String(string value) => new(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value, Escaping)));

    public static FuzzRaw Of(string rawJson) => new(Encoding.UTF8.GetBytes(rawJson));

    public static byte[] NameToken(string name) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(name, Escaping));

    /// <summary>The string a raw token holds, if it is a well-formed JSON string.</summary>
    public static bool TryReadString(byte[] token, out string value)
    {
        value = "";
        if (token.Length < 2 || token[0] != '"')
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(token);
            if (reader.Read() && reader.TokenType == JsonTokenType.String && reader.BytesConsumed == token.Length)
            {
                value = reader.GetString() ?? "";
                return true;
            }
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
        }

        return false;
    }
}

/// <summary>The six kinds of JSON value.</summary>
public enum FuzzKind
{
    String,
    Number,
    Object,
    Array,
    Boolean,
    Null,
}

/// <summary>A place in a document: the node there, its dotted path, and how to replace or remove it.</summary>
public sealed record FuzzSlot(FuzzNode Node, string Path, Action<FuzzNode> Replace, Action? Remove, FuzzObject? Parent)
{
    public FuzzKind Kind => Node switch
    {
        FuzzObject => FuzzKind.Object,
        FuzzArray => FuzzKind.Array,
        FuzzRaw raw => raw.Kind,
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Every place in <paramref name="root"/>, the root first, then in document order.</summary>
    public static List<FuzzSlot> All(FuzzNode root, Action<FuzzNode> replaceRoot)
    {
        var slots = new List<FuzzSlot>();
        Visit(new FuzzSlot(root, "", replaceRoot, null, null), slots);
        return slots;
    }

    private static void Visit(FuzzSlot slot, List<FuzzSlot> slots)
    {
        slots.Add(slot);
        switch (slot.Node)
        {
            case FuzzObject obj:
                foreach (var member in obj.Members.ToList())
                {
                    var path = slot.Path.Length == 0 ? member.Name : $"{slot.Path}.{member.Name}";
                    Visit(new FuzzSlot(member.Value, path, value => member.Value = value, () => obj.Members.Remove(member), obj), slots);
                }

                break;
            case FuzzArray array:
                for (var i = 0; i < array.Items.Count; i++)
                {
                    var index = i;
                    Visit(new FuzzSlot(array.Items[index], $"{slot.Path}[{index}]", value => array.Items[index] = value, () => array.Items.RemoveAt(index), null), slots);
                }

                break;
        }
    }
}
