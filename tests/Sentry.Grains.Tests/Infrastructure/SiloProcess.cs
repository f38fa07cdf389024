using System.Diagnostics;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>
/// The built Silo binary (<c>dotnet Sentry.Grains.Silo.dll</c>) as a real process with its own ports,
/// its output in a temp log file (deleted with it; failures to start quote its tail). Killed (SIGKILL)
/// or terminated (SIGTERM) like an orchestrator would.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;

    private SiloProcess(string name, SiloPorts ports, Process process, StreamWriter log, string logPath)
    {
        Name = name;
        Ports = ports;
        this.process = process;
        this.log = log;
        LogPath = logPath;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports.Http}"), Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ServiceHost.ApiKey);
    }

    public string Name { get; }
    public SiloPorts Ports { get; }
    public string LogPath { get; }
    public HttpClient Http { get; }
    public int ProcessId => process.Id;
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;

    /// <summary>src/Sentry.Grains.Silo/bin/&lt;Configuration&gt;/net10.0/Sentry.Grains.Silo.dll, the configuration the tests were built in.</summary>
    public static string Binary
    {
        get
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testBin.Parent!.Name;
            var dll = Path.Combine(Fixtures.RepositoryRoot, "src", "Sentry.Grains.Silo", "bin", configuration, testBin.Name, "Sentry.Grains.Silo.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"The Silo binary is not built at {dll}; build the solution first.", dll);
        }
    }

    public static SiloProcess Start(string name, SiloPorts ports, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var binary = Binary;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(binary)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(binary);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var logPath = Path.Combine(Path.GetTempPath(), $"sentry-grains-{name}-{Guid.NewGuid().ToString("N")[..6]}.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SiloProcess(name, ports, process, log, logPath);
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200; fails with the log's tail if the process exits first.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Silo {Name} exited with {process.ExitCode} before it was ready:\n{LogTail()}");
            }

            try
            {
                using var response = await Http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Silo {Name} was not ready within {timeout.TotalSeconds} s:\n{LogTail()}");
    }

    /// <summary>SIGKILL: the process dies at once, leaving its membership row and its connections behind.</summary>
    public void Kill() => process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM: what an orchestrator sends to stop a replica gracefully.</summary>
    public void Terminate() => Shell.Run("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        return process.ExitCode;
    }

    public string LogTail(int lines = 60)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException error)
        {
            return $"(log {LogPath} unreadable: {error.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Http.Dispose();
        process.Dispose();
        lock (log)
        {
            log.Dispose();
        }

        File.Delete(LogPath);
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The process outlived its log.
            }
        }
    }
}
