using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sentry.Grains.LoadTest;

/// <summary>The tables the load test prints, and the JSON file it writes.</summary>
public sealed class Report
{
    private readonly List<(string Target, LoadResult Result)> loads = [];
    private readonly List<string> notes = [];
    private readonly List<string[]> scale = [];
    private readonly List<GrowthResult> growth = [];

    public void Add(string target, LoadResult result)
    {
        loads.Add((target, result));
        var perApplied = result.Silo is null ? "" : $", state {Cell(result.StateBytesPerApplied, "N0")} B/applied" + (result.WalBytes is null ? "" : $", WAL {Cell(result.WalBytesPerApplied, "N0")} B/applied");
        Console.WriteLine($"  {target,-22} {result.Mode,-6} {result.Level,6}: {result.PerSecond,8:F0} req/s, p99 {result.Latency.PercentileMs(99),7:F1} ms, errors {result.Errors}{perApplied}");
    }

    public void Note(string note)
    {
        notes.Add(note);
        Console.WriteLine("  " + note);
    }

    public void AddScale(params string[] row)
    {
        scale.Add(row);
        Console.WriteLine("  " + string.Join(" | ", row));
    }

    public void AddGrowth(GrowthResult row)
    {
        growth.Add(row);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {row.Storage} | {row.Scenario} | {row.Size:N0} | p50 {row.P50Ms:F2} ms, p99 {row.P99Ms:F2} ms, state {Cell(row.StateBytesPerWebhook, "N0")} B, WAL {Cell(row.WalBytesPerWebhook, "N0")} B per webhook; filled in {row.FillSeconds:F1} s; first after deactivation {row.AfterDeactivationMs:F1} ms"));
    }

    /// <summary>Per storage and growth scenario: the largest size's p50 and p99 over the smallest's (target: within 1.5x).</summary>
    public IEnumerable<string> GrowthRatios() =>
        growth.GroupBy(g => (g.Storage, g.Scenario)).Where(g => g.Count() > 1).Select(g =>
        {
            var smallest = g.MinBy(r => r.Size)!;
            var largest = g.MaxBy(r => r.Size)!;
            return string.Create(CultureInfo.InvariantCulture, $"{g.Key.Storage}, {g.Key.Scenario}: at {largest.Size:N0} / at {smallest.Size:N0} = {largest.P50Ms / smallest.P50Ms:F2}x p50, {largest.P99Ms / smallest.P99Ms:F2}x p99 (target within 1.5x)");
        });

    /// <summary>Errors other than requests over the client's in-flight limit, over every level of <paramref name="target"/>.</summary>
    public long Errors(string target) => loads.Where(l => l.Target == target).Sum(l => l.Result.Errors - l.Result.OverLimit);

    public double Best(string target) => loads.Where(l => l.Target == target && l.Result.Mode == "closed").Select(l => l.Result.PerSecond).DefaultIfEmpty(0).Max();

    public LoadResult? Find(string target, string mode, int level) =>
        loads.Where(l => l.Target == target && l.Result.Mode == mode && l.Result.Level == level).Select(l => l.Result).FirstOrDefault();

    public string Markdown(string machine, string command)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine}  ").AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}`").AppendLine();
        md.AppendLine("| target | loop | conns / rate | req/s | applied/s | p50 ms | p95 ms | p99 ms | max ms | errors | server CPU % | PostgreSQL CPU % | client CPU % | new conns | server RSS MiB | grains | WAL B / applied | state B / applied |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (target, r) in loads)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {target} | {r.Mode} | {Level(r)} | {r.PerSecond:F0} | {(r.Outcomes.IsEmpty || r.Outcomes.ContainsKey("ok") ? "-" : r.AppliedPerSecond.ToString("F0", CultureInfo.InvariantCulture))} | {r.Latency.PercentileMs(50):F1} | {r.Latency.PercentileMs(95):F1} | {r.Latency.PercentileMs(99):F1} | {r.Latency.MaxMs:F1} | {r.Errors} | {r.ServerCpuPercent:F0} | {Cell(r.DatabaseCpuPercent, "F0")} | {r.ClientCpuPercent:F0} | {r.ConnectionsOpened} | {r.ServerRssMiB:F0} | {(r.Grains?.ToString(CultureInfo.InvariantCulture) ?? "-")} | {Cell(r.WalBytesPerApplied, "N0")} | {Cell(r.StateBytesPerApplied, "N0")} |");
        }

        var silo = loads.Where(l => l.Result.Silo is not null).ToList();
        if (silo.Count > 0)
        {
            md.AppendLine().AppendLine("Per applied webhook, and the silo's runtime over each level (its own metrics over EventPipe, as dotnet-counters reads them):").AppendLine();
            md.AppendLine("| target | loop | conns / rate | silo CPU ms / applied | PostgreSQL CPU ms / applied | state writes / applied | allocated KiB / applied | GCs gen0 / gen1 / gen2 | GC pause % | heap MiB after | thread-pool queue peak | thread-pool threads peak | lock contentions / s | activations after (created / deactivated) |");
            md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var (target, r) in silo)
            {
                var a = r.Silo!;
                md.AppendLine(CultureInfo.InvariantCulture, $"| {target} | {r.Mode} | {Level(r)} | {Cell(r.ServerCpuMsPerApplied, "F3")} | {Cell(r.DatabaseCpuMsPerApplied, "F3")} | {Cell(r.StateWritesPerApplied, "F2")} | {Cell(r.Applied > 0 ? a.AllocatedBytes / 1024 / r.Applied : null, "F1")} | {a.Gen0Collections:F0} / {a.Gen1Collections:F0} / {a.Gen2Collections:F0} | {100 * a.GcPauseSeconds / r.Seconds:F1} | {a.HeapBytesAfter / (1 << 20):F0} | {a.ThreadPoolQueuePeak:F0} | {a.ThreadPoolThreadsPeak:F0} | {a.LockContentions / r.Seconds:F0} | {a.ActivationsAfter:F0} ({a.ActivationsCreated:F0} / {a.ActivationsDestroyed:F0}) |");
            }
        }

        if (notes.Count > 0)
        {
            md.AppendLine();
            foreach (var note in notes)
            {
                md.AppendLine("- " + note);
            }
        }

        if (growth.Count > 0)
        {
            md.AppendLine().AppendLine("| storage | scenario | N | p50 ms | p99 ms | errors | state B / webhook | WAL B / webhook | first after deactivation ms | filling N took |").AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var g in growth)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {g.Storage} | {g.Scenario} | {g.Size:N0} | {g.P50Ms:F2} | {g.P99Ms:F2} | {g.Errors} | {Cell(g.StateBytesPerWebhook, "N0")} | {Cell(g.WalBytesPerWebhook, "N0")} | {g.AfterDeactivationMs:F1} | {g.FillSeconds:F1} s ({g.FillApplied / Math.Max(0.001, g.FillSeconds):F0}/s) |");
            }

            md.AppendLine();
            foreach (var ratio in GrowthRatios())
            {
                md.AppendLine("- " + ratio);
            }
        }

        if (scale.Count > 0)
        {
            md.AppendLine().AppendLine("| storage | scenario | size | result |").AppendLine("| --- | --- | ---: | --- |");
            foreach (var row in scale)
            {
                md.AppendLine("| " + string.Join(" | ", row) + " |");
            }
        }

        return md.ToString();
    }

    private static string Level(LoadResult r) => r.Mode == "open" ? r.Level.ToString(CultureInfo.InvariantCulture) + "/s" : r.Level.ToString(CultureInfo.InvariantCulture);

    private static string Cell(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    public async Task WriteJsonAsync(string path, string machine, string command)
    {
        var document = new
        {
            machine,
            command,
            at = DateTimeOffset.UtcNow,
            loads = loads.Select(l => new
            {
                target = l.Target,
                mode = l.Result.Mode,
                level = l.Result.Level,
                requests = l.Result.Requests,
                seconds = l.Result.Seconds,
                perSecond = l.Result.PerSecond,
                appliedPerSecond = l.Result.AppliedPerSecond,
                outcomes = l.Result.Outcomes,
                p50 = l.Result.Latency.PercentileMs(50),
                p95 = l.Result.Latency.PercentileMs(95),
                p99 = l.Result.Latency.PercentileMs(99),
                max = l.Result.Latency.MaxMs,
                errors = l.Result.Errors,
                overLimit = l.Result.OverLimit,
                serverCpuPercent = l.Result.ServerCpuPercent,
                databaseCpuPercent = l.Result.DatabaseCpuPercent,
                clientCpuPercent = l.Result.ClientCpuPercent,
                connectionsOpened = l.Result.ConnectionsOpened,
                serverCpuMsPerApplied = l.Result.ServerCpuMsPerApplied,
                databaseCpuMsPerApplied = l.Result.DatabaseCpuMsPerApplied,
                serverRssMiB = l.Result.ServerRssMiB,
                grains = l.Result.Grains,
                walBytes = l.Result.WalBytes,
                walBytesPerApplied = l.Result.WalBytesPerApplied,
                stateBytesPerApplied = l.Result.StateBytesPerApplied,
                stateWritesPerApplied = l.Result.StateWritesPerApplied,
                silo = l.Result.Silo,
            }),
            notes,
            growth,
            growthRatios = GrowthRatios(),
            scale,
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }
}
