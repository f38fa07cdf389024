using Sentry.Grains.Installations;
using Sentry.Grains.Seer;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.ReadModel;

// One row per issue, Seer run, metric alert and installation: the fields people filter and sort on. A grain makes its
// row after each committed change (with the grain's version) and publishes it; the store keeps the newest version.

/// <summary>A read-model row of one grain, at the grain's <see cref="Version"/>.</summary>
[GenerateSerializer, Immutable, Alias("sentry.v2.ReadModelRow")]
public abstract record ReadModelRow
{
    /// <summary>The grain's key (issue id, run id, alert id, installation uuid).</summary>
    [Id(0)] public required string Key { get; init; }

    /// <summary>The grain's version this row reflects: a row never moves back to a lower one.</summary>
    [Id(1)] public required long Version { get; init; }

    [Id(2)] public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The resource the row belongs to (<c>issue</c>, <c>seer</c>, <c>metric_alert</c>, <c>installation</c>).</summary>
    public abstract string Resource { get; }
}

[GenerateSerializer, Immutable, Alias("sentry.v2.IssueRow")]
public sealed record IssueRow : ReadModelRow
{
    public const string ResourceName = "issue";

    public override string Resource => ResourceName;

    [Id(0)] public string? ProjectSlug { get; init; }
    [Id(1)] public string? ProjectId { get; init; }
    [Id(2)] public string? ShortId { get; init; }
    [Id(3)] public string? Title { get; init; }
    [Id(4)] public string? Status { get; init; }
    [Id(5)] public string? Substatus { get; init; }
    [Id(6)] public string? Priority { get; init; }
    [Id(7)] public string? Level { get; init; }
    [Id(8)] public string? AssigneeType { get; init; }
    [Id(9)] public string? AssigneeId { get; init; }
    [Id(10)] public string? AssigneeName { get; init; }
    [Id(11)] public string? AssigneeEmail { get; init; }
    [Id(12)] public string? IssueCategory { get; init; }
    [Id(13)] public string? IssueType { get; init; }
    [Id(14)] public DateTimeOffset? FirstSeen { get; init; }
    [Id(15)] public DateTimeOffset? LastSeen { get; init; }
    [Id(16)] public long? Count { get; init; }
    [Id(17)] public long? UserCount { get; init; }

    /// <summary>The furthest stage of the Seer runs on the issue (from the runs, else from the <c>seer_*</c> activity alerts).</summary>
    [Id(18)] public SeerStage? SeerStage { get; init; }

    /// <summary>True when a Seer run on the issue opened a pull request.</summary>
    [Id(19)] public bool HasPr { get; init; }

    [Id(20)] public string? InstallationUuid { get; init; }
    [Id(21)] public long CommentCount { get; init; }
    [Id(22)] public long EventCount { get; init; }

    /// <summary>Where the newest change came from: <c>webhook</c> or <c>reconciled</c> (Sentry's API read back).</summary>
    [Id(23)] public ChangeSource LastChangeSource { get; init; }

    /// <summary>When Sentry's API answered 404 for the issue (deleted in Sentry); null while it exists there.</summary>
    [Id(24)] public DateTimeOffset? DeletedInSentryAt { get; init; }
}

[GenerateSerializer, Immutable, Alias("sentry.v2.SeerRunRow")]
public sealed record SeerRunRow : ReadModelRow
{
    public const string ResourceName = "seer";

    public override string Resource => ResourceName;

    [Id(0)] public string? IssueId { get; init; }
    [Id(1)] public SeerStage? Stage { get; init; }

    /// <summary>Since when the run is stalled (its last event plus <c>Seer:StallAfter</c>); null while it is not.</summary>
    [Id(2)] public DateTimeOffset? StalledSince { get; init; }

    [Id(3)] public bool HasPr { get; init; }
    [Id(4)] public DateTimeOffset? StartedAt { get; init; }
}

[GenerateSerializer, Immutable, Alias("sentry.v2.MetricAlertRow")]
public sealed record MetricAlertRow : ReadModelRow
{
    public const string ResourceName = "metric_alert";

    public override string Resource => ResourceName;

    [Id(0)] public string? Status { get; init; }
    [Id(1)] public string? Title { get; init; }
    [Id(2)] public string? RuleId { get; init; }
    [Id(3)] public string? RuleName { get; init; }
}

[GenerateSerializer, Immutable, Alias("sentry.v2.InstallationRow")]
public sealed record InstallationRow : ReadModelRow
{
    public const string ResourceName = "installation";

    public override string Resource => ResourceName;

    [Id(0)] public InstallationStatus Status { get; init; }
    [Id(1)] public string? OrganizationSlug { get; init; }
    [Id(2)] public string? OrganizationId { get; init; }
}
