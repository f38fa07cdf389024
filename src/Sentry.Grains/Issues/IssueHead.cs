using Sentry.Grains.ReadModel;
using Sentry.Grains.Storage;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Issues;

/// <summary>
/// The stored head of one issue grain (layout 2): the issue's current fields, written whole with every change, and the
/// tails of its logs — remembered deliveries, comments and events — whose older entries live in sealed segment rows.
/// </summary>
[GenerateSerializer, Alias("sentry.v2.IssueHead")]
public sealed class IssueHead
{
    /// <summary>Committed changes so far; orders what the read side is told.</summary>
    [Id(0)] public long Version { get; set; }

    [Id(1)] public IssueRecord? Issue { get; set; }

    /// <summary>The ordering time of the newest applied issue snapshot.</summary>
    [Id(2)] public DateTimeOffset? IssueOrderAt { get; set; }

    [Id(3)] public string? LastAction { get; set; }
    [Id(4)] public ActorRecord? LastActionBy { get; set; }
    [Id(5)] public AssigneeRecord? Assignee { get; set; }
    [Id(6)] public string? ResolutionType { get; set; }

    /// <summary>Distinct events counted, ever (the event log keeps only the recent ones).</summary>
    [Id(7)] public long EventCount { get; set; }

    [Id(8)] public ActivityRecord? LatestActivity { get; set; }
    [Id(9)] public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>Seer runs on this issue by run id, as each run last reported itself.</summary>
    [Id(10)] public Dictionary<string, SeerRunLinkRecord> SeerRuns { get; set; } = [];

    [Id(11)] public SeerProgressRecord? SeerProgress { get; set; }

    /// <summary>The installation the newest webhook came through (whose organization and token can ask Sentry about the issue).</summary>
    [Id(12)] public string? InstallationUuid { get; set; }

    [Id(13)] public LogTail<RememberedDelivery> Deliveries { get; set; } = new();
    [Id(14)] public LogTail<CommentRecord> Comments { get; set; } = new();
    [Id(15)] public LogTail<EventRecord> Events { get; set; } = new();

    /// <summary>Committed changes not yet published to the read model and the change feed.</summary>
    [Id(16)] public Outbox Outbox { get; set; } = new();

    /// <summary>Where the newest applied change came from: a webhook or the reconciliation with Sentry's API.</summary>
    [Id(17)] public ChangeSource LastChangeSource { get; set; }

    /// <summary>When Sentry's API answered 404 for the issue (deleted in Sentry).</summary>
    [Id(18)] public DateTimeOffset? DeletedInSentryAt { get; set; }

    /// <summary>True once any webhook was applied.</summary>
    public bool Exists => UpdatedAt is not null;
}
