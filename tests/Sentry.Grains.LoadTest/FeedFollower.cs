using System.Net.Http.Headers;
using System.Text.Json;

namespace Sentry.Grains.LoadTest;

/// <summary>
/// A consumer of <c>/api/changes</c> as an internal service runs one: long-polls from its last cursor. It first reads
/// up to the newest entry (what earlier levels wrote is not measured), then records, for every entry that changed after
/// <see cref="MeasureFrom"/>, the time from the entry's <c>at</c> (when the silo received the webhook, before it applied
/// it) to when the entry reached this process: an upper bound of the lag from the webhook's 200 to its feed entry.
/// Same machine, same clock.
/// </summary>
public sealed class FeedFollower : IAsyncDisposable
{
    private readonly HttpClient http;
    private readonly CancellationTokenSource stop = new();
    private Task? running;
    private string after = "";

    public FeedFollower(Uri silo, string apiKey)
    {
        http = new HttpClient { BaseAddress = silo, Timeout = TimeSpan.FromSeconds(90) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public LatencyHistogram Lag { get; } = new();

    public long Entries { get; private set; }

    public long Polls { get; private set; }

    public DateTimeOffset MeasureFrom { get; private set; } = DateTimeOffset.MaxValue;

    /// <summary>Reads everything already on the feed, then follows it in the background, measuring from now.</summary>
    public async Task StartAsync()
    {
        while (await ReadAsync(TimeSpan.Zero, measure: false, CancellationToken.None) == 1000)
        {
        }

        MeasureFrom = DateTimeOffset.UtcNow;
        running = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await ReadAsync(TimeSpan.FromSeconds(30), measure: true, stop.Token);
            }
        });
    }

    /// <summary>
    /// Stops once the load has ended: gives the long-poll 2 s to deliver the last entries, then reads whatever is left
    /// (measured too: an entry that took longer shows as such).
    /// </summary>
    public async Task StopAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        try
        {
            await (running ?? Task.CompletedTask);
        }
        catch (OperationCanceledException)
        {
        }

        while (await ReadAsync(TimeSpan.Zero, measure: true, CancellationToken.None) == 1000)
        {
        }
    }

    private async Task<int> ReadAsync(TimeSpan wait, bool measure, CancellationToken cancellation)
    {
        var query = $"/api/changes?limit=1000&wait={(int)wait.TotalSeconds}s" + (after.Length > 0 ? $"&after={after}" : "");
        using var response = await http.GetAsync(query, cancellation);
        var received = DateTimeOffset.UtcNow;
        response.EnsureSuccessStatusCode();
        using var page = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellation));
        var count = 0;
        foreach (var entry in page.RootElement.GetProperty("entries").EnumerateArray())
        {
            count++;
            var at = entry.GetProperty("at").GetDateTimeOffset();
            if (measure && at >= MeasureFrom)
            {
                Lag.Record(received - at);
                Entries++;
            }
        }

        after = page.RootElement.GetProperty("next").GetString()!;
        Polls++;
        return count;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await (running ?? Task.CompletedTask);
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
        http.Dispose();
    }
}
