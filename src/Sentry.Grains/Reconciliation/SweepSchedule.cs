using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sentry.Grains.Reconciliation;

/// <summary>
/// Once this silo has started: makes sure the sweep's reminder exists with the configured interval (every silo asks; the
/// one grain registers it once, and again only when the interval or <c>Reconcile:SweepEnabled</c> changed). Retried until it works.
/// </summary>
internal sealed partial class SweepSchedule(
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<SweepSchedule> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await lifetime.WaitUntilStartedAsync(stoppingToken))
        {
            return;
        }

        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await grains.GetGrain<IReconcileSweepGrain>(ReconcileSweepGrain.Key).EnsureScheduledAsync();
                return;
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = TimeSpan.FromSeconds(Math.Min(MaxRetryDelay.TotalSeconds, Math.Pow(2, attempt)));
                LogFailed(logger, error, delay);
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduling the reconciliation sweep failed; trying again in {Delay}")]
    private static partial void LogFailed(ILogger logger, Exception exception, TimeSpan delay);
}
