namespace Sentry.Grains.MetricAlerts;

/// <summary>The parts of a <c>metric_alert</c> webhook's incident that this service keeps.</summary>
[GenerateSerializer, Immutable, Alias("sentry.MetricAlertFields")]
public sealed record MetricAlertFields
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public string? Identifier { get; init; }
    [Id(2)] public string? Title { get; init; }

    /// <summary>Sentry's incident status: 2 closed, 10 warning, 20 critical.</summary>
    [Id(3)] public int? IncidentStatus { get; init; }
    [Id(4)] public AlertRule? AlertRule { get; init; }
    [Id(5)] public DateTimeOffset? DateStarted { get; init; }
    [Id(6)] public DateTimeOffset? DateDetected { get; init; }
    [Id(7)] public DateTimeOffset? DateClosed { get; init; }
    [Id(8)] public string? DescriptionTitle { get; init; }
    [Id(9)] public string? DescriptionText { get; init; }
    [Id(10)] public string? WebUrl { get; init; }
}

/// <summary>The alert rule that raised an incident.</summary>
[GenerateSerializer, Immutable, Alias("sentry.AlertRule")]
public sealed record AlertRule(
    [property: Id(0)] string? Id,
    [property: Id(1)] string? Name,
    [property: Id(2)] string? Aggregate,
    [property: Id(3)] string? Query,
    [property: Id(4)] string? Dataset,
    [property: Id(5)] int? TimeWindowMinutes);
