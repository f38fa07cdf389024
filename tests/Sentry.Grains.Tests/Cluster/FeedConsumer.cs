using System.Text.Json;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Cluster;

/// <summary>
/// A consumer of <c>/api/changes</c> as an internal service runs one: long-polls from its last cursor, through
/// whichever silo answers (a dead one is skipped), keeping every entry it receives.
/// </summary>
public sealed class FeedConsumer(IReadOnlyList<SiloProcess> silos) : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly List<(string Kind, string Key, long Version)> entries = [];
    private Task? running;
    private string after = "";

    public IReadOnlyList<(string Kind, string Key, long Version)> Entries
    {
        get
        {
            lock (entries)
            {
                return [.. entries];
            }
        }
    }

    public int Polls { get; private set; }

    public void Start() => running = RunAsync(stop.Token);

    /// <summary>Stops once a read through a live silo returns nothing new (everything committed before this call was read).</summary>
    public async Task CatchUpAndStopAsync(IReadOnlyList<SiloProcess> live)
    {
        await stop.CancelAsync();
        if (running is not null)
        {
            await running;
        }

        // A feed that never runs dry here (a cursor that does not advance) is a failure, not a hang.
        for (var reads = 0; await ReadOnceAsync(live[0].Http, TimeSpan.Zero, CancellationToken.None) > 0; reads++)
        {
            if (reads == 100)
            {
                throw new InvalidOperationException($"The feed still returned entries after {reads} catch-up reads; it is at {after}.");
            }
        }
    }

    private async Task RunAsync(CancellationToken cancellation)
    {
        var silo = 0;
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                await ReadOnceAsync(silos[silo].Http, TimeSpan.FromSeconds(2), cancellation);
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException or JsonException)
            {
                silo = (silo + 1) % silos.Count; // that silo is gone (or going): read through the next one
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    private async Task<int> ReadOnceAsync(HttpClient http, TimeSpan wait, CancellationToken cancellation)
    {
        var query = $"/api/changes?limit=1000&kinds=issue&wait={(int)wait.TotalSeconds}s" + (after.Length > 0 ? $"&after={after}" : "");
        using var response = await http.GetAsync(query, cancellation);
        response.EnsureSuccessStatusCode();
        var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation)).RootElement;
        var read = page.GetProperty("entries").EnumerateArray()
            .Select(e => (e.GetProperty("kind").GetString()!, e.GetProperty("key").GetString()!, e.GetProperty("version").GetInt64()))
            .ToList();
        lock (entries)
        {
            entries.AddRange(read);
        }

        after = page.GetProperty("next").GetString()!;
        Polls++;
        return read.Count;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (running is not null)
        {
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
            }
        }

        stop.Dispose();
    }
}
