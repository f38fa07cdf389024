using Sentry.Grains.ReadModel;
using Sentry.Grains.Storage;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Seer;

/// <summary>
/// The stored head of one Seer run grain (layout 2): the stages reached and when, and the tails of its logs —
/// remembered deliveries and the history, whose entries carry each stage's payload (root cause, solution, code
/// changes, pull requests) so a payload is written with its own event and never again.
/// </summary>
[GenerateSerializer, Alias("sentry.v2.SeerRunHead")]
public sealed class SeerRunHead
{
    [Id(0)] public long Version { get; set; }

    /// <summary>The Sentry issue (<c>group_id</c>) the run works on.</summary>
    [Id(1)] public string? GroupId { get; set; }

    /// <summary>Each stage reached.</summary>
    [Id(2)] public Dictionary<SeerStage, SeerStageRecord> Stages { get; set; } = [];

    /// <summary>When the newest event was received (our clock): what stall detection measures from.</summary>
    [Id(3)] public DateTimeOffset? LastEventAt { get; set; }

    [Id(4)] public string? InstallationUuid { get; set; }

    [Id(5)] public LogTail<RememberedDelivery> Deliveries { get; set; } = new();
    [Id(6)] public LogTail<SeerHistoryRecord> History { get; set; } = new();

    /// <summary>Since when the run is stalled (recorded by its stall reminder); null while it is not.</summary>
    [Id(7)] public DateTimeOffset? StalledSince { get; set; }

    /// <summary>When the first event was received.</summary>
    [Id(8)] public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Committed changes not yet published to the read model and the change feed.</summary>
    [Id(9)] public Outbox Outbox { get; set; } = new();

    /// <summary>Seer's status of the run as the autofix state last showed it (<c>COMPLETED</c>, ...); null until reconciled.</summary>
    [Id(10)] public string? AutofixStatus { get; set; }

    public bool Exists => LastEventAt is not null;
}
