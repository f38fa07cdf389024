using Microsoft.Extensions.Logging;
using Orleans.Storage;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Telemetry;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Storage;

/// <summary>
/// A grain's stored state: one small head row (<see cref="IPersistentState{T}"/>) plus the <see cref="SegmentedLog{T}"/>s
/// whose tails live in it. <see cref="CommitAsync"/> is the one write of a change: seal full logs into segments, then
/// write the head — the commit point, where the change, its delivery record and its outbox entry land together. If any
/// of it fails the head is reloaded (or the activation dropped), so the grain never believes in a change that is not
/// stored. After the write the outbox is published to the read model (<see cref="ChangePublisher"/>); what fails to
/// publish stays in the outbox and is published again by a retry timer, on the grain's next activation, or with its next call.
/// The head is written without the row of the outbox entry at its own version (the head makes it again; see
/// <see cref="PendingChange"/>): a head loaded with such an entry (at activation, or reloaded after a failed write) gets
/// the row back before anything else can change it.
/// </summary>
public sealed partial class StoredState<THead>(
    IPersistentState<THead> head,
    IGrainStorage storage,
    Grain grain,
    string stateName,
    RetentionOptions retention,
    SentryGrainsMetrics metrics,
    ChangePublisher publisher,
    ILogger logger)
    where THead : class
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly List<IStoredLog> logs = [];
    private readonly List<Action> committed = [];
    private Publishing? publishing;
    private IGrainTimer? retry;
    private int failedPublishes;

    /// <summary>Raised after the head was reloaded (a write failed): whatever was folded from the old head is stale.</summary>
    public event Action? Reloaded;

    /// <summary>The head as stored (replaced when it is reloaded).</summary>
    public THead Head => head.State;

    /// <summary>True once the head row exists.</summary>
    public bool RecordExists => head.RecordExists;

    /// <summary>A log whose tail is <paramref name="tail"/> of the head and whose segments are rows <c>{state}.{name}.{n}</c>.</summary>
    public SegmentedLog<T> Log<T>(string name, LogLimits limits, Func<THead, LogTail<T>> tail) where T : ILogEntry
    {
        var log = new SegmentedLog<T>(storage, grain.GetGrainId(), $"{stateName}.{name}", limits, () => tail(head.State));
        logs.Add(log);
        return log;
    }

    /// <summary>
    /// The grain's remembered deliveries, a log whose tail is <paramref name="tail"/> of the head. Deliveries forgotten
    /// early (a grain at <c>Retention:MaxDeliveries</c>) are logged and counted after each commit.
    /// </summary>
    public DeliveryMemory Deliveries(Func<THead, LogTail<RememberedDelivery>> tail)
    {
        var deliveries = new DeliveryMemory(Log("deliveries", DeliveryMemory.Limits, tail), retention);
        Reloaded += deliveries.Reset;
        committed.Add(() =>
        {
            if (deliveries.ForgottenEarly is > 0 and var forgotten)
            {
                deliveries.ForgottenEarly = 0;
                metrics.DeliveriesForgotten(forgotten);
                LogForgotten(logger, grain.GetGrainId(), forgotten, retention.MaxDeliveries);
            }
        });
        return deliveries;
    }

    /// <summary>
    /// The head's outbox, whose entries are published after each commit; the head's version; and the grain's read-model
    /// row as the head (and its logs) stand now, which makes the row of the entry at the head's version after a load (that
    /// row is not stored). <paramref name="rowOfHead"/> may load the grain's logs; it runs only when a loaded head has such
    /// an entry (a change written but not published before the activation ended).
    /// </summary>
    public void PublishesFrom(Func<THead, Outbox> outboxOfHead, Func<THead, long> version, Func<Task<ReadModelRow>> rowOfHead) =>
        publishing = new Publishing(outboxOfHead, version, rowOfHead);

    /// <summary>
    /// At activation (before anything else): the outbox entry stored without its row gets it, and what a previous
    /// activation committed but could not publish is published soon (a timer).
    /// </summary>
    public async Task ResumePublishingAsync()
    {
        if (publishing is null)
        {
            return;
        }

        await FillRowsAsync();
        if (publishing.Outbox(head.State).Unpublished.Count > 0)
        {
            ScheduleRetry(TimeSpan.Zero);
        }
    }

    /// <summary>Makes the row of the outbox entry the loaded head holds without one (the entry at the head's version).</summary>
    private Task FillRowsAsync() =>
        publishing is { } p ? p.Outbox(head.State).FillRowsAsync(p.Version(head.State), p.CurrentRow) : Task.CompletedTask;

    /// <summary>Writes the head without the row of the outbox entry at its version (restored in memory after the write).</summary>
    private Task WriteHeadAsync() =>
        publishing is { } p ? p.Outbox(head.State).WithoutRowsAtAsync(p.Version(head.State), head.WriteStateAsync) : head.WriteStateAsync();

    /// <summary>Publishes the outbox's unpublished entries; on failure schedules a retry and rethrows.</summary>
    public async Task PublishAsync()
    {
        if (publishing?.Outbox(head.State).Unpublished is not { Count: > 0 } pending)
        {
            return;
        }

        try
        {
            await publisher.PublishAsync(pending);
            publishing.Outbox(head.State).Published(pending[^1].Version);
            failedPublishes = 0;
        }
        catch (Exception error)
        {
            failedPublishes++;
            LogPublishFailed(logger, error, grain.GetGrainId(), pending.Count);
            ScheduleRetry(TimeSpan.FromSeconds(Math.Min(MaxRetryDelay.TotalSeconds, Math.Pow(2, failedPublishes - 1))));
            throw;
        }
    }

    private void ScheduleRetry(TimeSpan dueTime)
    {
        retry?.Dispose();
        retry = grain.RegisterGrainTimer(
            async () =>
            {
                try
                {
                    await PublishAsync();
                }
                catch (Exception)
                {
                    // Logged and rescheduled by PublishAsync.
                }
            },
            new GrainTimerCreationOptions(dueTime, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
    }

    /// <summary>Writes the change made to the head and its logs; on failure reloads and rethrows (the caller answers 503).</summary>
    public async Task CommitAsync()
    {
        try
        {
            foreach (var log in logs)
            {
                await log.SealAsync();
            }

            await WriteHeadAsync();
        }
        catch (Exception writeError)
        {
            LogWriteFailed(logger, writeError, grain.GetGrainId());
            try
            {
                await head.ReadStateAsync();
                foreach (var log in logs)
                {
                    log.Reset();
                }

                Reloaded?.Invoke();
                await FillRowsAsync();
            }
            catch (Exception readError)
            {
                LogReloadFailed(logger, readError, grain.GetGrainId());
                grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, readError, "State write and reload failed."));
            }

            throw;
        }

        foreach (var log in logs)
        {
            await log.CleanUpAsync(logger);
        }

        committed.ForEach(action => action());
        await PublishAsync();
    }

    /// <summary>What <see cref="PublishesFrom"/> was given.</summary>
    private sealed record Publishing(Func<THead, Outbox> Outbox, Func<THead, long> Version, Func<Task<ReadModelRow>> CurrentRow);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{GrainId} reached Retention:MaxDeliveries ({Max}): forgot {Count} deliveries before the end of the delivery window")]
    private static partial void LogForgotten(ILogger logger, GrainId grainId, int count, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{GrainId}: publishing {Count} committed changes failed; they stay in its outbox and are published again")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, GrainId grainId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "State write of {GrainId} failed; reloading the committed state")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading the state of {GrainId} failed; deactivating it")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception, GrainId grainId);
}
