using System.Globalization;

namespace Sentry.Grains.LoadTest;

/// <summary>CPU time and resident memory of a process, from /proc (Linux).</summary>
public static class ProcessStats
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux

    /// <summary>User + system CPU seconds the process used so far.</summary>
    public static double CpuSeconds(int pid)
    {
        var fields = Fields(pid);
        return (Ticks(fields[11]) + Ticks(fields[12])) / TicksPerSecond;
    }

    /// <summary>The fields of /proc/PID/stat after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
    private static string[] Fields(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static long Ticks(string field) => long.Parse(field, CultureInfo.InvariantCulture);

    /// <summary>
    /// User + system CPU seconds of process <paramref name="pid"/>, of its children that ended (and were waited for), and
    /// of its running children: a PostgreSQL server's postmaster and all its backends, old and current.
    /// </summary>
    public static double CpuSecondsOfTree(int pid)
    {
        var fields = Fields(pid);
        var total = (Ticks(fields[11]) + Ticks(fields[12]) + Ticks(fields[13]) + Ticks(fields[14])) / TicksPerSecond;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var child) && child != pid)
            {
                try
                {
                    var childFields = Fields(child);
                    if (int.Parse(childFields[1], CultureInfo.InvariantCulture) == pid)
                    {
                        total += (Ticks(childFields[11]) + Ticks(childFields[12])) / TicksPerSecond;
                    }
                }
                catch (IOException)
                {
                    // The process ended while we looked.
                }
            }
        }

        return total;
    }

    /// <summary>User + system CPU seconds of every process named <paramref name="name"/> (e.g. all PostgreSQL backends).</summary>
    public static double CpuSecondsOfAll(string name)
    {
        var total = 0.0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(directory, "comm")).Trim() == name)
                    {
                        total += CpuSeconds(pid);
                    }
                }
                catch (IOException)
                {
                    // The process ended while we looked.
                }
            }
        }

        return total;
    }

    /// <summary>Resident set size in MiB.</summary>
    public static double RssMiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }
}
