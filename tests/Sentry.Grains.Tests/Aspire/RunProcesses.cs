namespace Sentry.Grains.Tests.Aspire;

/// <summary>
/// The processes of one AppHost run, found in /proc: those whose command line or environment mentions a
/// marker only that run has (its PostgreSQL data folder, its database port), whoever started them.
/// </summary>
public static class RunProcesses
{
    /// <summary>Every live process (pid and command line) whose command line or environment contains one of <paramref name="markers"/>.</summary>
    public static IReadOnlyList<string> Find(params string[] markers)
    {
        var found = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            var commandLine = Read(Path.Combine(folder, "cmdline"));
            var environment = Read(Path.Combine(folder, "environ"));
            if (commandLine.Length > 0 && markers.Any(m => commandLine.Contains(m, StringComparison.Ordinal) || environment.Contains(m, StringComparison.Ordinal)))
            {
                found.Add($"{pid} {commandLine}");
            }
        }

        return found;
    }

    /// <summary>A /proc file with its NULs as spaces; empty when the process is gone or not ours to read.</summary>
    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path).Replace('\0', ' ').Trim();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
