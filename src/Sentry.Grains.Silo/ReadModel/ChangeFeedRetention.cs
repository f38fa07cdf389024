using Microsoft.Extensions.Options;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Silo.Configuration;

namespace Sentry.Grains.Silo.ReadModel;

/// <summary>Removes change-feed entries older than <c>Changes:Retention</c> every <c>Changes:PruneInterval</c> (on every silo: deleting the same old rows twice is harmless).</summary>
internal sealed partial class ChangeFeedRetention(IReadModelStore store, IOptions<ChangesOptions> options, TimeProvider time, ILogger<ChangeFeedRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.PruneInterval, time, stoppingToken);
                var removed = await store.PruneChangesAsync(time.GetUtcNow() - options.Value.Retention, stoppingToken);
                if (removed > 0)
                {
                    LogPruned(logger, removed, options.Value.Retention);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                LogPruneFailed(logger, error);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} change-feed entries older than {Retention}")]
    private static partial void LogPruned(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing old change-feed entries failed; trying again later")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
