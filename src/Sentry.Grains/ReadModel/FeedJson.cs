using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Sentry.Grains.Seer;

namespace Sentry.Grains.ReadModel;

/// <summary>The JSON of the read side: rows and feed data in camelCase, Seer stages by Sentry's names, enums as camelCase strings.</summary>
public static class FeedJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary><see cref="Options"/> for a row inside a feed entry's data, where the entry already names its resource.</summary>
    private static JsonSerializerOptions RowDataOptions { get; } = CreateRowData();

    /// <summary>Each change's feed entry data: the row after the change (its own fields, whatever its type) and the item it concerns.</summary>
    /// <remarks>
    /// Written straight to UTF-8 (the row without its <c>resource</c>, which the entry names; the item as it was
    /// serialized), through one buffer for the whole batch: no JSON tree, no buffer per entry.
    /// </remarks>
    public static string[] DataOf(IReadOnlyList<PendingChange> changes)
    {
        var data = new string[changes.Count];
        var buffer = new ArrayBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(buffer);
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            var row = change.RowToPublish;
            writer.WriteStartObject();
            writer.WritePropertyName("row");
            JsonSerializer.Serialize(writer, row, row.GetType(), RowDataOptions);
            if (change.ItemJson is { } item)
            {
                writer.WritePropertyName("item");
                writer.WriteRawValue(item);
            }

            writer.WriteEndObject();
            writer.Flush();
            data[i] = Encoding.UTF8.GetString(buffer.WrittenSpan);
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
        }

        return data;
    }

    /// <summary>A record as JSON text, for a change's item.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    private static JsonSerializerOptions Create() => Create(new DefaultJsonTypeInfoResolver());

    private static JsonSerializerOptions CreateRowData()
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(type =>
        {
            if (type.Type.IsAssignableTo(typeof(ReadModelRow)) && type.Properties.FirstOrDefault(p => p.Name == "resource") is { } resource)
            {
                type.Properties.Remove(resource);
            }
        });
        return Create(resolver);
    }

    private static JsonSerializerOptions Create(IJsonTypeInfoResolver resolver)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = resolver };
        options.Converters.Add(new SeerStageJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly();
        return options;
    }
}

/// <summary>Writes and reads a <see cref="SeerStage"/> as Sentry's action name (<c>root_cause_started</c>).</summary>
public sealed class SeerStageJsonConverter : JsonConverter<SeerStage>
{
    public override SeerStage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        SeerStages.TryParse(reader.GetString(), out var stage) ? stage : throw new JsonException($"Not a Seer stage: {reader.GetString()}");

    public override void Write(Utf8JsonWriter writer, SeerStage value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name());
}
