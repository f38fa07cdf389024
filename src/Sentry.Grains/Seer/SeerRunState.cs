using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Seer;

/// <summary>The stored state of one Seer run grain.</summary>
[GenerateSerializer, Alias("sentry.SeerRunState")]
public sealed class SeerRunState
{
    [Id(0)] public DeliveryLog Deliveries { get; set; } = new();
    [Id(1)] public string? GroupId { get; set; }

    /// <summary>Each stage reached, by Sentry's action name.</summary>
    [Id(2)] public Dictionary<string, SeerStageState> Stages { get; set; } = [];

    [Id(3)] public SeerRootCause? RootCause { get; set; }
    [Id(4)] public SeerSolution? Solution { get; set; }
    [Id(5)] public List<SeerCodeChange> Changes { get; set; } = [];
    [Id(6)] public List<SeerPullRequest> PullRequests { get; set; } = [];
    [Id(7)] public List<SeerHistoryEntry> History { get; set; } = [];

    /// <summary>When the newest event was received (our clock): what stall detection measures from.</summary>
    [Id(8)] public DateTimeOffset? LastEventAt { get; set; }

    public bool Exists => LastEventAt is not null;
}

/// <summary>When a stage was reached; <see cref="Implied"/> when only its completion arrived.</summary>
[GenerateSerializer, Alias("sentry.SeerStageState")]
public sealed record SeerStageState(
    [property: Id(0)] DateTimeOffset? SentAt,
    [property: Id(1)] DateTimeOffset? ReceivedAt,
    [property: Id(2)] string? RequestId,
    [property: Id(3)] bool Implied);
