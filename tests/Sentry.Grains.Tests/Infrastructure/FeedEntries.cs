using System.Text.Json;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>The change feed as a test reads it through the host's HTTP API.</summary>
public static class FeedEntries
{
    /// <summary>The feed entries of one key, once there are <paramref name="count"/>.</summary>
    public static async Task<JsonElement[]> OfAsync(ServiceHost host, string resource, string key, int count) =>
        await Eventually.ThatAsync(
            async () => (await host.Webhooks.GetJsonAsync("/api/changes?limit=1000"))!.Value.GetProperty("entries").EnumerateArray()
                .Where(e => e.GetProperty("resource").GetString() == resource && e.GetProperty("key").GetString() == key)
                .ToArray(),
            entries => entries.Length >= count,
            $"{count} feed entries of {resource} {key}");

    /// <summary>An entry's row: the grain's read-model row after the change.</summary>
    public static JsonElement Row(JsonElement change) => change.GetProperty("data").GetProperty("row");
}
