using System.Text.Json;

namespace Sentry.Grains;

/// <summary>Turns JSON text kept in state (Sentry objects we store verbatim) back into JSON for the HTTP API.</summary>
public static class JsonText
{
    public static JsonElement? ToElement(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<JsonElement>(json);
}
