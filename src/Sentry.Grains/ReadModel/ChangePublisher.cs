using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sentry.Grains.Telemetry;

namespace Sentry.Grains.ReadModel;

/// <summary>
/// Publishes grains' committed changes to the <see cref="IReadModelStore"/>, batched: whatever grains hand over while a
/// batch is being written goes into the next one, so many changes cost one transaction (one statement for the rows of a
/// kind, one for the feed entries). A grain awaits its changes' batch; if the batch fails the grain keeps them in its
/// outbox and publishes them again.
/// </summary>
public sealed partial class ChangePublisher(IReadModelStore store, ChangeSignal signal, SentryGrainsMetrics metrics, TimeProvider time, ILogger<ChangePublisher> logger) : BackgroundService
{
    /// <summary>At most this many changes per transaction.</summary>
    public const int MaxBatch = 1024;

    private readonly Channel<Request> requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Publishes <paramref name="changes"/> with the next batch; completes when that batch is committed.</summary>
    public Task PublishAsync(IReadOnlyList<PendingChange> changes)
    {
        if (changes.Count == 0)
        {
            return Task.CompletedTask;
        }

        var request = new Request(changes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!requests.Writer.TryWrite(request))
        {
            request.Done.SetException(new InvalidOperationException("The change publisher is stopped."));
        }

        return request.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Request>();
        while (await requests.Reader.WaitToReadAsync(stoppingToken))
        {
            var count = 0;
            while (count < MaxBatch && requests.Reader.TryRead(out var request))
            {
                batch.Add(request);
                count += request.Changes.Count;
            }

            var changes = batch.SelectMany(r => r.Changes).ToList();
            var started = time.GetTimestamp();
            try
            {
                await store.ApplyAsync(changes, stoppingToken);
                var now = time.GetUtcNow();
                metrics.ChangesPublished(changes.Count, time.GetElapsedTime(started), changes.Select(c => now - c.At));
                batch.ForEach(r => r.Done.TrySetResult());
                signal.Nudge();
            }
            catch (Exception error)
            {
                LogPublishFailed(logger, error, changes.Count);
                batch.ForEach(r => r.Done.TrySetException(error));
            }

            batch.Clear();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        requests.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Count} changes to the read model failed; their grains keep them and publish them again")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, int count);

    private sealed record Request(IReadOnlyList<PendingChange> Changes, TaskCompletionSource Done);
}
