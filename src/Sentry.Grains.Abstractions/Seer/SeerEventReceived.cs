using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Seer;

/// <summary>
/// A <c>seer</c> webhook for run <see cref="RunId"/> of issue <see cref="GroupId"/>. The typed payload
/// that goes with the action is set (root cause, solution, changes or pull requests);
/// <see cref="DataJson"/> keeps the whole <c>data</c> object of actions this service has no type for.
/// </summary>
[GenerateSerializer, Immutable, Alias("sentry.SeerEventReceived")]
public sealed record SeerEventReceived(
    [property: Id(0)] Delivery Delivery,
    [property: Id(1)] string Action,
    [property: Id(2)] string RunId,
    [property: Id(3)] string? GroupId) : IWebhookCommand
{
    [Id(4)] public SeerRootCause? RootCause { get; init; }
    [Id(5)] public SeerSolution? Solution { get; init; }
    [Id(6)] public IReadOnlyList<SeerCodeChange>? Changes { get; init; }
    [Id(7)] public IReadOnlyList<SeerPullRequest>? PullRequests { get; init; }
    [Id(8)] public string? DataJson { get; init; }
}
