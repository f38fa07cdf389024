namespace Sentry.Grains.MetricAlerts;

/// <summary>A metric alert's current status and how it got there.</summary>
[GenerateSerializer, Immutable, Alias("sentry.MetricAlertSnapshot.2")]
public sealed record MetricAlertSnapshot
{
    [Id(0)] public required string Id { get; init; }

    /// <summary>The action of the newest applied webhook: critical, warning, resolved or open.</summary>
    [Id(1)] public required string Status { get; init; }
    [Id(2)] public required MetricAlertFields Alert { get; init; }

    /// <summary>Every applied status change, oldest first (bounded).</summary>
    [Id(3)] public IReadOnlyList<MetricAlertTransition> Transitions { get; init; } = [];
    [Id(4)] public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Committed changes of the alert so far.</summary>
    [Id(5)] public long Version { get; init; }
}

/// <summary>One applied metric alert webhook.</summary>
[GenerateSerializer, Immutable, Alias("sentry.MetricAlertTransition")]
public sealed record MetricAlertTransition(
    [property: Id(0)] string Status,
    [property: Id(1)] string? DescriptionTitle,
    [property: Id(2)] DateTimeOffset? SentAt,
    [property: Id(3)] DateTimeOffset ReceivedAt,
    [property: Id(4)] string RequestId);
