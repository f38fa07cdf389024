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

    public void Add(string target, LoadResult result)
    {
        loads.Add((target, result));
        Console.WriteLine($"  {target,-22} {result.Mode,-6} {result.Level,6}: {result.PerSecond,8:F0} req/s, p99 {result.Latency.PercentileMs(99),7:F1} ms, errors {result.Errors}");
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

    public double Best(string target) => loads.Where(l => l.Target == target && l.Result.Mode == "closed").Select(l => l.Result.PerSecond).DefaultIfEmpty(0).Max();

    public LoadResult? Find(string target, string mode, int level) =>
        loads.Where(l => l.Target == target && l.Result.Mode == mode && l.Result.Level == level).Select(l => l.Result).FirstOrDefault();

    public string Markdown(string machine, string command)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine}  ").AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}`").AppendLine();
        md.AppendLine("| target | loop | conns / rate | req/s | applied/s | p50 ms | p95 ms | p99 ms | max ms | errors | server CPU % | PostgreSQL CPU % | server RSS MiB | grains |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (target, r) in loads)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {target} | {r.Mode} | {(r.Mode == "open" ? r.Level + "/s" : r.Level)} | {r.PerSecond:F0} | {(r.Outcomes.IsEmpty || r.Outcomes.ContainsKey("ok") ? "-" : r.AppliedPerSecond.ToString("F0", CultureInfo.InvariantCulture))} | {r.Latency.PercentileMs(50):F1} | {r.Latency.PercentileMs(95):F1} | {r.Latency.PercentileMs(99):F1} | {r.Latency.MaxMs:F1} | {r.Errors} | {r.ServerCpuPercent:F0} | {(r.DatabaseCpuPercent is { } db ? db.ToString("F0", CultureInfo.InvariantCulture) : "-")} | {r.ServerRssMiB:F0} | {(r.Grains?.ToString(CultureInfo.InvariantCulture) ?? "-")} |");
        }

        if (notes.Count > 0)
        {
            md.AppendLine();
            foreach (var note in notes)
            {
                md.AppendLine("- " + note);
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
                serverCpuPercent = l.Result.ServerCpuPercent,
                databaseCpuPercent = l.Result.DatabaseCpuPercent,
                serverRssMiB = l.Result.ServerRssMiB,
                grains = l.Result.Grains,
            }),
            notes,
            scale,
        };
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }
}
