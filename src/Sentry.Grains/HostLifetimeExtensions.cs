using Microsoft.Extensions.Hosting;

namespace Sentry.Grains;

/// <summary>For background services that call grains: waiting until the host (and so the silo) has started.</summary>
internal static class HostLifetimeExtensions
{
    /// <summary>True once the host has started; false when <paramref name="stoppingToken"/> is cancelled first.</summary>
    public static async Task<bool> WaitUntilStartedAsync(this IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            try
            {
                await started.Task.WaitAsync(stoppingToken);
                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }
}
