using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Seer;

/// <summary>A Seer autofix run: its furthest stage, what each stage produced, and every event applied.</summary>
[GenerateSerializer, Immutable, Alias("sentry.SeerRunSnapshot.2")]
public sealed record SeerRunSnapshot
{
    [Id(0)] public required string RunId { get; init; }

    /// <summary>The Sentry issue (<c>group_id</c>) the run works on.</summary>
    [Id(1)] public string? GroupId { get; init; }

    /// <summary>The furthest stage reached; null until a documented stage arrives.</summary>
    [Id(2)] public SeerStage? Stage { get; init; }

    /// <summary>True when the run sits in a <c>_started</c> stage with no event for longer than <c>Seer:StallAfter</c>.</summary>
    [Id(3)] public bool Stalled { get; init; }

    /// <summary>Each stage reached, in stage order, with when it was sent and received; implied stages have no times.</summary>
    [Id(4)] public IReadOnlyList<SeerStageReached> Stages { get; init; } = [];

    [Id(5)] public SeerRootCause? RootCause { get; init; }
    [Id(6)] public SeerSolution? Solution { get; init; }
    [Id(7)] public IReadOnlyList<SeerCodeChange> Changes { get; init; } = [];
    [Id(8)] public IReadOnlyList<SeerPullRequest> PullRequests { get; init; } = [];

    /// <summary>Every event applied, ordered by Sentry-Hook-Timestamp then stage (bounded).</summary>
    [Id(9)] public IReadOnlyList<SeerHistoryEntry> History { get; init; } = [];

    /// <summary>When the last event was received.</summary>
    [Id(10)] public DateTimeOffset? LastEventAt { get; init; }

    /// <summary>Committed changes of the run so far.</summary>
    [Id(11)] public long Version { get; init; }

    /// <summary>Seer's status of the run as the autofix state last showed it (<c>COMPLETED</c>, ...); null until reconciled.</summary>
    [Id(12)] public string? AutofixStatus { get; init; }
}

/// <summary>A stage the run reached. <see cref="Implied"/> marks a start implied by its completion.</summary>
[GenerateSerializer, Immutable, Alias("sentry.SeerStageReached.2")]
public sealed record SeerStageReached(
    [property: Id(0)] SeerStage Stage,
    [property: Id(1)] DateTimeOffset? SentAt,
    [property: Id(2)] DateTimeOffset? ReceivedAt,
    [property: Id(3)] bool Implied)
{
    /// <summary>A webhook, or the autofix state read back by the reconciliation.</summary>
    [Id(4)] public DeliverySource Source { get; init; }
}

/// <summary>One applied Seer event, for the audit trail.</summary>
[GenerateSerializer, Immutable, Alias("sentry.SeerHistoryEntry")]
public sealed record SeerHistoryEntry(
    [property: Id(0)] string Action,
    [property: Id(1)] DateTimeOffset? SentAt,
    [property: Id(2)] DateTimeOffset ReceivedAt,
    [property: Id(3)] string RequestId,
    [property: Id(4)] string? DataJson)
{
    /// <summary>A webhook, or the autofix state read back by the reconciliation.</summary>
    [Id(5)] public DeliverySource Source { get; init; }
}
