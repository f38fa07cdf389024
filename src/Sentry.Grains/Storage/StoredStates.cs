using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Telemetry;

namespace Sentry.Grains.Storage;

/// <summary>Makes each grain's <see cref="StoredState{THead}"/> on the default grain storage.</summary>
public sealed class StoredStates(
    IGrainStorage storage,
    IOptions<RetentionOptions> retention,
    SentryGrainsMetrics metrics,
    ChangePublisher publisher,
    ILoggerFactory loggers)
{
    public RetentionOptions Retention => retention.Value;

    /// <summary>The stored state of <paramref name="grain"/> whose head is <paramref name="head"/>, stored as <paramref name="stateName"/>.</summary>
    public StoredState<THead> For<THead>(IPersistentState<THead> head, Grain grain, string stateName) where THead : class =>
        new(head, storage, grain, stateName, retention.Value, metrics, publisher, loggers.CreateLogger(grain.GetType()));
}
