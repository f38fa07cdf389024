using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sentry.Grains.ReadModel;

/// <summary>
/// Wakes feed readers that wait for something new (long-poll, Server-Sent Events): at once when this silo published a
/// batch, and by polling the store's newest visible cursor every <see cref="PollInterval"/> while anyone waits (changes
/// other silos published, and entries that became visible when an older transaction ended).
/// </summary>
public sealed partial class ChangeSignal(IReadModelStore store, TimeProvider time, ILogger<ChangeSignal> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly Lock gate = new();
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FeedCursor latest = FeedCursor.Start;
    private int waiters;

    /// <summary>Waits until the feed may hold something after <paramref name="after"/>, at most <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(FeedCursor after, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task next;
        lock (gate)
        {
            if (latest > after)
            {
                return;
            }

            waiters++;
            next = changed.Task;
        }

        try
        {
            await next.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
        finally
        {
            lock (gate)
            {
                waiters--;
            }
        }
    }

    /// <summary>Something was published here: wake the waiters (they read the store again).</summary>
    public void Nudge()
    {
        TaskCompletionSource woken;
        lock (gate)
        {
            woken = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        woken.TrySetResult();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollInterval, time, stoppingToken);
                bool anyone;
                lock (gate)
                {
                    anyone = waiters > 0;
                }

                if (anyone && await store.LatestCursorAsync(stoppingToken) is var now && now != latest)
                {
                    lock (gate)
                    {
                        latest = now;
                    }

                    Nudge();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                LogPollFailed(logger, error);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the change feed's newest cursor failed; waiting readers time out instead")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
