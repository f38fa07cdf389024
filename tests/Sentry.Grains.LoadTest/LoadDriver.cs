using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Sentry.Grains.LoadTest;

/// <summary>What one load level measured.</summary>
public sealed class LoadResult
{
    public required string Mode { get; init; }
    public required int Level { get; init; }
#pragma warning disable CA1051 // counted with Interlocked
    public long Requests;
    public long Errors;

    /// <summary>Open loop: requests that were due while the client already had its limit in flight (also counted in <see cref="Errors"/>).</summary>
    public long OverLimit;
#pragma warning restore CA1051
    public ConcurrentDictionary<string, long> Outcomes { get; } = new();
    public LatencyHistogram Latency { get; } = new();
    public double Seconds { get; set; }
    public double ServerCpuPercent { get; set; }

    /// <summary>CPU of all PostgreSQL processes (% of one core), on PostgreSQL runs.</summary>
    public double? DatabaseCpuPercent { get; set; }
    public double ServerRssMiB { get; set; }
    public long? Grains { get; set; }

    /// <summary>CPU of the load test's own process (the client), % of one core.</summary>
    public double ClientCpuPercent { get; set; }

    /// <summary>WAL PostgreSQL wrote over the level (<c>pg_current_wal_lsn()</c> after minus before), on PostgreSQL runs.</summary>
    public long? WalBytes { get; set; }

    /// <summary>What the silo did over the level, from its own metrics; null for the bare endpoint or without a metrics session.</summary>
    public SiloActivity? Silo { get; set; }

    /// <summary>TCP connections the client opened during the level (a closed loop reuses its pool; an open loop that falls behind opens more).</summary>
    public long ConnectionsOpened { get; set; }

    public double PerSecond => Requests / Seconds;
    public long Applied => Outcomes.GetValueOrDefault("applied");
    public double AppliedPerSecond => Applied / Seconds;

    public double? WalBytesPerApplied => WalBytes is { } wal && Applied > 0 ? wal / (double)Applied : null;
    public double? StateBytesPerApplied => Silo is { } silo && Applied > 0 ? silo.StateBytes / Applied : null;
    public double? StateWritesPerApplied => Silo is { } silo && Applied > 0 ? silo.StateWrites / Applied : null;

    /// <summary>CPU seconds the server used over the level.</summary>
    public double ServerCpuSeconds { get; set; }

    /// <summary>CPU seconds all PostgreSQL processes used over the level, on PostgreSQL runs.</summary>
    public double? DatabaseCpuSeconds { get; set; }

    /// <summary>Milliseconds of the server's CPU per applied webhook.</summary>
    public double? ServerCpuMsPerApplied => Applied > 0 ? ServerCpuSeconds * 1000 / Applied : null;

    /// <summary>Milliseconds of PostgreSQL's CPU (all its processes) per applied webhook.</summary>
    public double? DatabaseCpuMsPerApplied => DatabaseCpuSeconds is { } db && Applied > 0 ? db * 1000 / Applied : null;
}

/// <summary>
/// Drives a webhook endpoint over keep-alive connections. Closed loop: N workers, each sends, waits for
/// the answer, sends again. Open loop: requests are due at a fixed rate whatever the answers do, and
/// latency is measured from when a request was due (no coordinated omission).
/// </summary>
public sealed class LoadDriver : IDisposable
{
    private readonly HttpClient http;
    private long connectionsOpened;

    public LoadDriver(Uri target) => http = new HttpClient(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 1024,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseCookies = false,
        UseProxy = false,
        ConnectCallback = ConnectAsync,
    })
    { BaseAddress = target, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>TCP connections opened so far.</summary>
    public long ConnectionsOpened => Interlocked.Read(ref connectionsOpened);

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            Interlocked.Increment(ref connectionsOpened);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }


    /// <summary>Closed loop for <paramref name="duration"/>, or until <paramref name="maxRequests"/> were sent.</summary>
    public async Task<LoadResult> ClosedLoopAsync(Func<WebhookRequest> next, int concurrency, TimeSpan duration, long maxRequests = long.MaxValue)
    {
        var result = new LoadResult { Mode = "closed", Level = concurrency };
        var connections = ConnectionsOpened;
        var stopwatch = Stopwatch.StartNew();
        long started = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (stopwatch.Elapsed < duration && Interlocked.Increment(ref started) <= maxRequests)
            {
                var sentAt = Stopwatch.GetTimestamp();
                await SendAsync(next(), result);
                result.Latency.Record(Stopwatch.GetElapsedTime(sentAt));
            }
        });
        await Task.WhenAll(workers);
        result.Seconds = stopwatch.Elapsed.TotalSeconds;
        result.ConnectionsOpened = ConnectionsOpened - connections;
        return result;
    }

    public async Task<LoadResult> OpenLoopAsync(Func<WebhookRequest> next, int ratePerSecond, TimeSpan duration, int maxInFlight = 20_000)
    {
        var result = new LoadResult { Mode = "open", Level = ratePerSecond };
        var connections = ConnectionsOpened;
        var running = 1; // the sending loop holds one count until it has sent everything
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopwatch = Stopwatch.StartNew();
        long sent = 0;
        var total = (long)(ratePerSecond * duration.TotalSeconds);
        while (sent < total)
        {
            var dueCount = Math.Min(total, (long)(stopwatch.Elapsed.TotalSeconds * ratePerSecond) + 1);
            for (; sent < dueCount; sent++)
            {
                if (Volatile.Read(ref running) > maxInFlight)
                {
                    Interlocked.Increment(ref result.Requests);
                    Interlocked.Increment(ref result.Errors); // the client could not keep up: counted, not hidden
                    Interlocked.Increment(ref result.OverLimit);
                    continue;
                }

                Interlocked.Increment(ref running);
                _ = SendDueAsync(TimeSpan.FromSeconds(sent / (double)ratePerSecond));
            }

            await Task.Delay(1);
        }

        if (Interlocked.Decrement(ref running) == 0)
        {
            drained.TrySetResult();
        }

        await drained.Task;
        result.Seconds = duration.TotalSeconds;
        result.ConnectionsOpened = ConnectionsOpened - connections;
        return result;

        // Latency counts from when the request was due, not when it could be sent: no coordinated omission.
        async Task SendDueAsync(TimeSpan due)
        {
            await SendAsync(next(), result);
            result.Latency.Record(stopwatch.Elapsed - due);
            if (Interlocked.Decrement(ref running) == 0)
            {
                drained.TrySetResult();
            }
        }
    }

    public void Dispose() => http.Dispose();

    private async Task SendAsync(WebhookRequest webhook, LoadResult result)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/sentry") { Content = new ByteArrayContent(webhook.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Sentry-Hook-Resource", webhook.Resource);
        request.Headers.TryAddWithoutValidation("Request-ID", Guid.NewGuid().ToString("N"));
        request.Headers.TryAddWithoutValidation("Sentry-Hook-Timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("Sentry-Hook-Signature", webhook.Signature);
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Interlocked.Increment(ref result.Requests);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref result.Errors);
                result.Outcomes.AddOrUpdate($"http {(int)response.StatusCode}", 1, (_, n) => n + 1);
                return;
            }

            var at = text.IndexOf("\"outcome\":\"", StringComparison.Ordinal);
            var outcome = at < 0 ? "ok" : text[(at + 11)..text.IndexOf('"', at + 11)];
            result.Outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        }
        catch (Exception error)
        {
            Interlocked.Increment(ref result.Requests);
            Interlocked.Increment(ref result.Errors);
            result.Outcomes.AddOrUpdate(error.GetType().Name, 1, (_, n) => n + 1);
        }
    }
}
