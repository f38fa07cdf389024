using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Issues;

/// <summary>Everything known about one Sentry issue.</summary>
[GenerateSerializer, Immutable, Alias("sentry.IssueSnapshot.2")]
public sealed record IssueSnapshot
{
    [Id(0)] public required string Id { get; init; }

    /// <summary>The issue as the newest applied issue (or activity) webhook described it; null if only comments or events arrived.</summary>
    [Id(1)] public IssueFields? Issue { get; init; }

    /// <summary>The action of the newest applied issue webhook (created, resolved, ...).</summary>
    [Id(2)] public string? LastAction { get; init; }

    /// <summary><c>data.assignee</c> of the newest <c>assigned</c> webhook.</summary>
    [Id(3)] public Assignee? Assignee { get; init; }

    /// <summary><c>data.resolution_type</c> of the newest <c>resolved</c> webhook; cleared when unresolved.</summary>
    [Id(4)] public string? ResolutionType { get; init; }

    [Id(5)] public IReadOnlyList<CommentSnapshot> Comments { get; init; } = [];

    /// <summary>Distinct events counted from event_alert and error webhooks.</summary>
    [Id(6)] public long EventCount { get; init; }

    /// <summary>The most recent events, newest first (bounded).</summary>
    [Id(7)] public IReadOnlyList<IssueEvent> RecentEvents { get; init; } = [];

    [Id(8)] public IssueActivity? LatestActivity { get; init; }

    [Id(9)] public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The Seer runs on this issue with their stage, newest first.</summary>
    [Id(10)] public IReadOnlyList<IssueSeerRun> SeerRuns { get; init; } = [];

    /// <summary>Seer's progress as the <c>seer_*</c> activity alerts reported it; null if none arrived.</summary>
    [Id(11)] public IssueSeerProgress? SeerProgress { get; init; }

    /// <summary>Committed changes of the issue so far (grows by one per applied change).</summary>
    [Id(12)] public long Version { get; init; }

    /// <summary>Who did the newest applied issue action (<c>actor</c> of the webhook).</summary>
    [Id(13)] public Actor? LastActionBy { get; init; }

    /// <summary>The installation the newest webhook came through.</summary>
    [Id(14)] public string? InstallationUuid { get; init; }

    /// <summary>Where the newest applied change came from: a webhook, or the reconciliation with Sentry's API.</summary>
    [Id(15)] public DeliverySource LastChangeSource { get; init; }

    /// <summary>When Sentry's API answered 404 for the issue (deleted in Sentry); null while it exists there.</summary>
    [Id(16)] public DateTimeOffset? DeletedInSentryAt { get; init; }
}
