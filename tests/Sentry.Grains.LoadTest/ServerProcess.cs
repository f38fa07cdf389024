using Sentry.Grains.Testing;

namespace Sentry.Grains.LoadTest;

/// <summary>A server under test in its own <see cref="ServiceProcess"/> (so its CPU and memory are its own), on 127.0.0.1.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly ServiceProcess process;

    private ServerProcess(ServiceProcess process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }
    public int Pid => process.ProcessId;

    /// <summary>Starts <c>dotnet DLL ARGS</c> with <paramref name="environment"/> and waits until <c>/health/ready</c> answers.</summary>
    public static async Task<ServerProcess> StartAsync(string dll, IEnumerable<string> args, int port, IReadOnlyDictionary<string, string> environment)
    {
        var server = new ServerProcess(ServiceProcess.Start(Path.GetFileNameWithoutExtension(dll), dll, environment, [.. args]), new Uri($"http://127.0.0.1:{port}"));
        using var probe = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await server.process.WaitUntilReadyAsync(probe, TimeSpan.FromSeconds(90));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>The server's last warnings and errors (the console logger's level line and the message line after it).</summary>
    public IEnumerable<string> Problems(int count = 10)
    {
        var lines = process.LogTail(5_000).Split('\n');
        var problems = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("warn:", StringComparison.Ordinal) || lines[i].StartsWith("fail:", StringComparison.Ordinal) || lines[i].StartsWith("crit:", StringComparison.Ordinal))
            {
                problems.Add(i + 1 < lines.Length ? $"{lines[i]} {lines[i + 1].Trim()}" : lines[i]);
            }
        }

        return problems.TakeLast(count);
    }

    public double RssMiB() => ProcessStats.RssMiB(Pid);

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
