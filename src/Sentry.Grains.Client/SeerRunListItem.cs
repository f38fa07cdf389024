namespace Sentry.Grains.Client;

/// <summary>A Seer run as <c>GET /api/seer-runs</c> lists it (and as a <c>seer.*</c> change carries it).</summary>
public sealed record SeerRunListItem : ListItem
{
    /// <summary>The issue the run is for.</summary>
    public string? IssueId { get; init; }

    /// <summary>The run's stage.</summary>
    public SeerStage? Stage { get; init; }

    /// <summary>Since when the run is stalled (quiet in a <c>_started</c> stage); null while it is not.</summary>
    public DateTimeOffset? StalledSince { get; init; }

    /// <summary>True while the run is stalled.</summary>
    public bool IsStalled => StalledSince is not null;

    /// <summary>True when the run opened a pull request.</summary>
    public bool HasPr { get; init; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset? StartedAt { get; init; }
}
