using System.Text.Json;

namespace Sentry.Grains.Silo.Api.Responses;

/// <summary>Turns JSON text kept in state (Sentry objects stored verbatim) back into JSON for a response.</summary>
internal static class JsonText
{
    public static JsonElement? ToElement(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<JsonElement>(json);
}
