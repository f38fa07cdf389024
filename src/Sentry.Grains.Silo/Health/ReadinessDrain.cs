using Microsoft.Extensions.Options;
using Sentry.Grains.Silo.Configuration;

namespace Sentry.Grains.Silo.Health;

/// <summary>
/// The first step of a graceful shutdown. The host signals ApplicationStopping (so <c>/health/ready</c>
/// fails, see <see cref="SiloHealthCheck"/>), then calls every lifecycle service's StoppingAsync before
/// it stops anything: here the service waits <see cref="ShutdownOptions.DrainDelay"/>, still serving,
/// so load balancers take it out of rotation. Then Kestrel stops accepting and finishes the requests
/// in flight, and only after that the silo deactivates its grains and leaves the membership table.
/// </summary>
internal sealed partial class ReadinessDrain(IOptions<ShutdownOptions> options, TimeProvider time, ILogger<ReadinessDrain> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var delay = options.Value.DrainDelay;
        LogDraining(logger, delay.TotalSeconds);
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The shutdown timeout ran out; go on stopping.
            }
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: /health/ready fails now; still taking requests for {DelaySeconds} s so load balancers stop sending")]
    private static partial void LogDraining(ILogger logger, double delaySeconds);
}
