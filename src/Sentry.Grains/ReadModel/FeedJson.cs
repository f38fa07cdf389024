using System.Text.Json;
using System.Text.Json.Serialization;
using Sentry.Grains.Seer;

namespace Sentry.Grains.ReadModel;

/// <summary>The JSON of the read side: rows and feed data in camelCase, Seer stages by Sentry's names, enums as camelCase strings.</summary>
public static class FeedJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>A feed entry's data: the row after the change (its own fields, whatever its type) and the item it concerns.</summary>
    public static string DataOf(PendingChange change)
    {
        var published = change.RowToPublish;
        var row = JsonSerializer.SerializeToNode(published, published.GetType(), Options)!.AsObject();
        row.Remove("resource");
        var data = new System.Text.Json.Nodes.JsonObject { ["row"] = row };
        if (change.ItemJson is { } item)
        {
            data["item"] = System.Text.Json.Nodes.JsonNode.Parse(item);
        }

        return data.ToJsonString(Options);
    }

    /// <summary>A record as JSON text, for a change's item.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new SeerStageJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
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
