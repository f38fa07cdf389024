using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Seer;

/// <summary>
/// Layout 1 of a Seer run grain's state, as the previous version wrote it (same aliases and ids). Only read:
/// <see cref="SeerRunUpgrade"/> turns it into a <see cref="SeerRunHead"/>.
/// </summary>
[GenerateSerializer, Alias("sentry.SeerRunState")]
public sealed class SeerRunStateV1
{
    [Id(0)] public DeliveryLogV1 Deliveries { get; set; } = new();
    [Id(1)] public string? GroupId { get; set; }
    [Id(2)] public Dictionary<string, SeerStageStateV1> Stages { get; set; } = [];
    [Id(3)] public SeerRootCause? RootCause { get; set; }
    [Id(4)] public SeerSolution? Solution { get; set; }
    [Id(5)] public List<SeerCodeChange> Changes { get; set; } = [];
    [Id(6)] public List<SeerPullRequest> PullRequests { get; set; } = [];
    [Id(7)] public List<SeerHistoryEntry> History { get; set; } = [];
    [Id(8)] public DateTimeOffset? LastEventAt { get; set; }
}

[GenerateSerializer, Alias("sentry.SeerStageState")]
public sealed record SeerStageStateV1(
    [property: Id(0)] DateTimeOffset? SentAt,
    [property: Id(1)] DateTimeOffset? ReceivedAt,
    [property: Id(2)] string? RequestId,
    [property: Id(3)] bool Implied);
