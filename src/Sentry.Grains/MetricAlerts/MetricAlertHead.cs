using Sentry.Grains.ReadModel;
using Sentry.Grains.Storage;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.MetricAlerts;

/// <summary>The stored head of one metric alert grain (layout 2): its current status and incident, and the tails of its logs.</summary>
[GenerateSerializer, Alias("sentry.v2.MetricAlertHead")]
public sealed class MetricAlertHead
{
    [Id(0)] public long Version { get; set; }

    /// <summary>The action of the newest applied webhook: critical, warning, resolved or open.</summary>
    [Id(1)] public string? Status { get; set; }

    [Id(2)] public MetricAlertRecord? Alert { get; set; }

    /// <summary>The ordering time of the newest applied webhook.</summary>
    [Id(3)] public DateTimeOffset? OrderAt { get; set; }

    [Id(4)] public DateTimeOffset? UpdatedAt { get; set; }
    [Id(5)] public string? InstallationUuid { get; set; }

    [Id(6)] public LogTail<RememberedDelivery> Deliveries { get; set; } = new();
    [Id(7)] public LogTail<TransitionRecord> Transitions { get; set; } = new();

    /// <summary>Committed changes not yet published to the read model and the change feed.</summary>
    [Id(8)] public Outbox Outbox { get; set; } = new();
}

/// <summary>The incident as stored.</summary>
[GenerateSerializer, Immutable, Alias("sentry.v2.MetricAlertRecord")]
public sealed record MetricAlertRecord
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public string? Identifier { get; init; }
    [Id(2)] public string? Title { get; init; }
    [Id(3)] public int? IncidentStatus { get; init; }
    [Id(4)] public AlertRuleRecord? AlertRule { get; init; }
    [Id(5)] public DateTimeOffset? DateStarted { get; init; }
    [Id(6)] public DateTimeOffset? DateDetected { get; init; }
    [Id(7)] public DateTimeOffset? DateClosed { get; init; }
    [Id(8)] public string? DescriptionTitle { get; init; }
    [Id(9)] public string? DescriptionText { get; init; }
    [Id(10)] public string? WebUrl { get; init; }
}

[GenerateSerializer, Immutable, Alias("sentry.v2.AlertRuleRecord")]
public sealed record AlertRuleRecord(
    [property: Id(0)] string? Id,
    [property: Id(1)] string? Name,
    [property: Id(2)] string? Aggregate,
    [property: Id(3)] string? Query,
    [property: Id(4)] string? Dataset,
    [property: Id(5)] int? TimeWindowMinutes);

/// <summary>One applied status change.</summary>
[GenerateSerializer, Immutable, Alias("sentry.v2.TransitionRecord")]
public sealed record TransitionRecord(
    [property: Id(0)] string Status,
    [property: Id(1)] string? DescriptionTitle,
    [property: Id(2)] DateTimeOffset? SentAt,
    [property: Id(3)] DateTimeOffset ReceivedAt,
    [property: Id(4)] string RequestId) : ILogEntry
{
    public int ApproximateBytes => 48 + Status.Length + (DescriptionTitle?.Length ?? 0) + RequestId.Length;
}
