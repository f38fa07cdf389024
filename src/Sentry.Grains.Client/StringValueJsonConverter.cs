using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sentry.Grains.Client;

/// <summary>Reads and writes an <see cref="IStringValue{TSelf}"/> as its JSON string.</summary>
internal sealed class StringValueJsonConverter<T> : JsonConverter<T> where T : struct, IStringValue<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString() is { Length: > 0 } value ? T.Create(value) : throw new JsonException($"Expected a {typeof(T).Name} string.");

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}
