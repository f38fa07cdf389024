using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Sentry.Grains.LoadTest;

/// <summary>
/// The silo's own metrics, read from outside its process the way dotnet-counters does: one EventPipe session on the
/// process's <c>System.Diagnostics.Metrics</c> event source for <see cref="SiloInstruments.All"/>, which the silo's runtime
/// aggregates and publishes every second. A counter's value is the running total the runtime publishes with it, a
/// gauge's or up-down counter's its last value, each summed over its tags unless asked by tag; the peak of each per
/// second is kept between two snapshots. The runtime allows one such session per process (dotnet-counters on the same
/// silo at the same time makes this one fail, and the columns that need it print "-").
/// </summary>
public sealed class SiloMetrics : IAsyncDisposable
{
    private static readonly TimeSpan SnapshotTimeout = TimeSpan.FromSeconds(10);

    private readonly string sessionId = Guid.NewGuid().ToString("N");
    private readonly object gate = new();
    private readonly Dictionary<(string Instrument, string Tags), double> values = [];
    private readonly Dictionary<string, double> peaks = [];
    private readonly List<(int Collection, TaskCompletionSource Done)> waiters = [];
    private EventPipeSession? session;
    private Task? processing;
    private int started;
    private int completed;

    private SiloMetrics()
    {
    }

    /// <summary>What went wrong with the session, if anything (then snapshots are null).</summary>
    public string? Error { get; private set; }

    /// <summary>Starts the session on process <paramref name="pid"/>; a session that cannot start is reported, not thrown.</summary>
    public static SiloMetrics Start(int pid)
    {
        var metrics = new SiloMetrics();
        try
        {
            var provider = new EventPipeProvider("System.Diagnostics.Metrics", EventLevel.Informational, keywords: 0x2 /* TimeSeriesValues */, new Dictionary<string, string>
            {
                ["SessionId"] = metrics.sessionId,
                ["Metrics"] = string.Join(',', SiloInstruments.All),
                ["RefreshInterval"] = "1",
                ["MaxTimeSeries"] = "1000",
                ["MaxHistograms"] = "10",
            });
            metrics.session = new DiagnosticsClient(pid).StartEventPipeSession([provider], requestRundown: false, circularBufferMB: 64);
            metrics.processing = Task.Factory.StartNew(metrics.Process, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        catch (Exception error) when (error is ServerNotAvailableException or UnsupportedCommandException or ServerErrorException or TimeoutException or IOException)
        {
            metrics.Error = $"no EventPipe session on process {pid}: {error.Message}";
        }

        return metrics;
    }

    /// <summary>
    /// The values as of a collection that began after this call (so everything the silo did before it is counted), or
    /// null when the session failed or no collection came within 10 s.
    /// </summary>
    public async Task<SiloMetricsSnapshot?> SnapshotAsync()
    {
        TaskCompletionSource done;
        lock (gate)
        {
            if (Error is not null || session is null)
            {
                return null;
            }

            // A collection in progress may have published part of its values already: wait for the one after it.
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((started + 1, done));
        }

        if (await Task.WhenAny(done.Task, Task.Delay(SnapshotTimeout)) != done.Task)
        {
            Error ??= $"no metrics collection from the silo within {SnapshotTimeout.TotalSeconds:F0} s";
            return null;
        }

        lock (gate)
        {
            var snapshot = new SiloMetricsSnapshot(new Dictionary<(string, string), double>(values), new Dictionary<string, double>(peaks));
            peaks.Clear();
            return snapshot;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (session is not null)
        {
            try
            {
                await session.StopAsync(CancellationToken.None);
            }
            catch (Exception error) when (error is ServerNotAvailableException or IOException or EndOfStreamException or TimeoutException)
            {
                // The silo is gone already; its end closed the stream.
            }

            if (processing is not null)
            {
                await Task.WhenAny(processing, Task.Delay(TimeSpan.FromSeconds(5)));
            }

            session.Dispose();
        }
    }

    private void Process()
    {
        try
        {
            using var source = new EventPipeEventSource(session!.EventStream);
            source.Dynamic.All += OnEvent;
            source.Process();
        }
        catch (Exception error)
        {
            lock (gate)
            {
                Error ??= $"EventPipe stream ended: {error.Message}";
            }
        }
    }

    private void OnEvent(TraceEvent data)
    {
        if (data.ProviderName != "System.Diagnostics.Metrics")
        {
            return;
        }

        switch (data.EventName)
        {
            case "CollectionStart" or "Collection/Start" when Session(data):
                lock (gate)
                {
                    started++;
                }

                break;
            case "CollectionStop" or "Collection/Stop" when Session(data):
                Completed();
                break;
            case "CounterRateValuePublished" or "UpDownCounterRateValuePublished" when Session(data):
                // "value" is the running total since the session began (counter) or the current value (up-down counter).
                var value = Number(data, "value");
                Set(data, value ?? (Sum(data) + (Number(data, "rate") ?? 0)));
                break;
            case "GaugeValuePublished" when Session(data):
                Set(data, Number(data, "lastValue") ?? 0);
                break;
            case "Error" or "MultipleSessionsNotSupportedError" or "MultipleSessionsConfiguredIncorrectlyError" or "ObservableInstrumentCallbackError" when Session(data):
                lock (gate)
                {
                    Error ??= $"{data.EventName}: {data.PayloadByName("errorMessage") ?? data.PayloadByName("message")}";
                }

                break;
        }
    }

    private bool Session(TraceEvent data) => data.PayloadByName("sessionId") as string == sessionId;

    private static double? Number(TraceEvent data, string name) =>
        data.PayloadByName(name) is string text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static (string, string) Key(TraceEvent data) => ((string)data.PayloadByName("instrumentName"), data.PayloadByName("tags") as string ?? "");

    private double Sum(TraceEvent data)
    {
        lock (gate)
        {
            return values.GetValueOrDefault(Key(data));
        }
    }

    private void Set(TraceEvent data, double value)
    {
        lock (gate)
        {
            values[Key(data)] = value;
        }
    }

    private void Completed()
    {
        lock (gate)
        {
            completed++;
            foreach (var instrument in values.GroupBy(v => v.Key.Instrument))
            {
                var sum = instrument.Sum(v => v.Value);
                peaks[instrument.Key] = Math.Max(peaks.GetValueOrDefault(instrument.Key, double.MinValue), sum);
            }

            foreach (var waiter in waiters.Where(w => completed >= w.Collection).ToList())
            {
                waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }
}

/// <summary>The silo's metric values at one moment (see <see cref="SiloMetrics"/>).</summary>
public sealed record SiloMetricsSnapshot(IReadOnlyDictionary<(string Instrument, string Tags), double> Values, IReadOnlyDictionary<string, double> Peaks)
{
    /// <summary>The value of <paramref name="instrument"/>, summed over the time series whose tags contain <paramref name="tag"/> (all when null).</summary>
    public double Value(string instrument, string? tag = null) =>
        Values.Where(v => v.Key.Instrument == instrument && (tag is null || v.Key.Tags.Contains(tag, StringComparison.Ordinal))).Sum(v => v.Value);

    /// <summary>The highest per-second value (summed over tags) of <paramref name="instrument"/> since the snapshot before this one.</summary>
    public double Peak(string instrument) => Peaks.GetValueOrDefault(instrument);
}
