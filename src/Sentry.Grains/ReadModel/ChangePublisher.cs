using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Sentry.Grains.Telemetry;

namespace Sentry.Grains.ReadModel;

/// <summary>
/// Publishes grains' committed changes to the <see cref="IReadModelStore"/>, batched: whatever grains hand over while a
/// batch is being written goes into the next one, so many changes cost one transaction (one statement for the rows,
/// one for the feed entries). A grain awaits its changes' batch; if the batch fails the grain keeps them in its
/// outbox and publishes them again. It works for as long as the process does (not stopped with the hosted services,
/// since grains keep committing while the silo shuts down) and ends when the container is disposed.
/// </summary>
public sealed partial class ChangePublisher(IReadModelStore store, ChangeSignal signal, SentryGrainsMetrics metrics, TimeProvider time, ILogger<ChangePublisher> logger) : IAsyncDisposable
{
    /// <summary>At most this many changes per transaction.</summary>
    public const int MaxBatch = 1024;

    private readonly Channel<Request> requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock gate = new();
    private Task? loop;

    /// <summary>
    /// Publishes <paramref name="changes"/> with the next batch; completes when that batch is committed. A change without
    /// its row (an outbox entry loaded from storage whose grain did not make the row again) is refused here, before it
    /// could fail a batch of other grains' changes.
    /// </summary>
    public Task PublishAsync(IReadOnlyList<PendingChange> changes)
    {
        if (changes.Count == 0)
        {
            return Task.CompletedTask;
        }

        foreach (var change in changes)
        {
            _ = change.RowToPublish; // throws for a change without its row
        }

        var request = new Request(changes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        EnsureRunning();
        if (!requests.Writer.TryWrite(request))
        {
            request.Done.SetException(new InvalidOperationException("The change publisher is stopped."));
        }

        return request.Done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        requests.Writer.TryComplete();
        if (loop is { } running)
        {
            await running;
        }
    }

    private void EnsureRunning()
    {
        if (loop is null)
        {
            lock (gate)
            {
                loop ??= Task.Run(() => RunAsync(requests.Reader, store, signal, metrics, time, logger));
            }
        }
    }

    private static async Task RunAsync(ChannelReader<Request> requests, IReadModelStore store, ChangeSignal signal, SentryGrainsMetrics metrics, TimeProvider time, ILogger logger)
    {
        var batch = new List<Request>();
        while (await requests.WaitToReadAsync())
        {
            var count = 0;
            while (count < MaxBatch && requests.TryRead(out var request))
            {
                batch.Add(request);
                count += request.Changes.Count;
            }

            var changes = batch.SelectMany(r => r.Changes).ToList();
            var started = time.GetTimestamp();
            try
            {
                await store.ApplyAsync(changes, CancellationToken.None);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Count} changes to the read model failed; their grains keep them and publish them again")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, int count);

    private sealed record Request(IReadOnlyList<PendingChange> Changes, TaskCompletionSource Done);
}
