using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Issues;

/// <summary>The stored state of one issue grain.</summary>
[GenerateSerializer, Alias("sentry.IssueState")]
public sealed class IssueState
{
    [Id(0)] public DeliveryLog Deliveries { get; set; } = new();

    [Id(1)] public IssueFields? Issue { get; set; }
    [Id(2)] public DateTimeOffset? IssueSentAt { get; set; }
    [Id(3)] public string? LastAction { get; set; }
    [Id(4)] public Assignee? Assignee { get; set; }
    [Id(5)] public string? ResolutionType { get; set; }

    [Id(6)] public Dictionary<string, CommentState> Comments { get; set; } = [];

    [Id(7)] public long EventCount { get; set; }
    [Id(8)] public List<IssueEvent> RecentEvents { get; set; } = [];
    [Id(9)] public List<string> EventIds { get; set; } = [];

    [Id(10)] public IssueActivity? LatestActivity { get; set; }

    [Id(11)] public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>Seer runs on this issue by run id, as each run last reported itself.</summary>
    [Id(12)] public Dictionary<string, IssueSeerRun> SeerRuns { get; set; } = [];

    [Id(13)] public IssueSeerProgress? SeerProgress { get; set; }

    /// <summary>True once any webhook was applied.</summary>
    public bool Exists => UpdatedAt is not null;
}

/// <summary>One comment, by comment id. <see cref="SentAt"/> orders updates; a deleted comment stays deleted.</summary>
[GenerateSerializer, Alias("sentry.CommentState")]
public sealed class CommentState
{
    [Id(0)] public string? Text { get; set; }
    [Id(1)] public string? Author { get; set; }
    [Id(2)] public DateTimeOffset? CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset? UpdatedAt { get; set; }
    [Id(4)] public bool Deleted { get; set; }
    [Id(5)] public DateTimeOffset? SentAt { get; set; }
}
