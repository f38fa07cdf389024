using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Issues;

/// <summary>An <c>activity_alert</c> webhook: the activity and the issue as Sentry serialized it.</summary>
[GenerateSerializer, Immutable, Alias("sentry.IssueActivityReceived")]
public sealed record IssueActivityReceived(
    [property: Id(0)] Delivery Delivery,
    [property: Id(1)] string Action,
    [property: Id(2)] IssueFields Issue,
    [property: Id(3)] string ActivityType,
    [property: Id(4)] string? DetailsJson,
    [property: Id(5)] string? AlertId,
    [property: Id(6)] string? AlertTitle) : IWebhookCommand
{
    /// <summary>The pull requests a <c>seer_pr_created</c> activity lists in its details.</summary>
    [Id(7)] public IReadOnlyList<SeerActivityPullRequest> SeerPullRequests { get; init; } = [];
}
