using Sentry.Grains.Seer;

namespace Sentry.Grains.Issues;

/// <summary>A Seer run on an issue, as the run last reported itself (see <c>GET /api/issues/{id}/seer-runs</c> for the whole run).</summary>
[GenerateSerializer, Immutable, Alias("sentry.IssueSeerRun.2")]
public sealed record IssueSeerRun(
    [property: Id(0)] string RunId,
    [property: Id(1)] SeerStage? Stage,
    [property: Id(2)] DateTimeOffset UpdatedAt)
{
    /// <summary>The installation the run's events came through (the issue remembers it when it has none).</summary>
    [Id(3)] public string? InstallationUuid { get; init; }
}
