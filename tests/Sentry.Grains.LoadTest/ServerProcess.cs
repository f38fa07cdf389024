using System.Diagnostics;

namespace Sentry.Grains.LoadTest;

/// <summary>A server under test in its own process (so its CPU and memory are its own), on 127.0.0.1.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private double cpuMark;
    private DateTime wallMark;

    private ServerProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }
    public int Pid => process.Id;

    /// <summary>Starts <c>dotnet DLL ARGS</c> with <paramref name="environment"/> and waits until <c>/health/ready</c> answers.</summary>
    public static async Task<ServerProcess> StartAsync(string dll, IEnumerable<string> args, int port, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll),
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}");
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null && log.Count < 200) log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null && log.Count < 200) log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var probe = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Path.GetFileName(dll)} exited with {process.ExitCode}:\n{string.Join('\n', log)}");
            }

            try
            {
                using var response = await probe.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new TimeoutException($"{Path.GetFileName(dll)} was not ready within 90 s:\n{string.Join('\n', log)}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Starts measuring CPU from now.</summary>
    public void MarkCpu()
    {
        cpuMark = ProcessStats.CpuSeconds(Pid);
        wallMark = DateTime.UtcNow;
    }

    /// <summary>CPU used since <see cref="MarkCpu"/>, as % of one core.</summary>
    public double CpuPercentSinceMark() =>
        100 * (ProcessStats.CpuSeconds(Pid) - cpuMark) / Math.Max(0.001, (DateTime.UtcNow - wallMark).TotalSeconds);

    public double RssMiB() => ProcessStats.RssMiB(Pid);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
