using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Issues;

/// <summary>An <c>event_alert.triggered</c> or <c>error.created</c> webhook for the issue <see cref="IssueId"/>.</summary>
[GenerateSerializer, Immutable, Alias("sentry.IssueEventReceived")]
public sealed record IssueEventReceived(
    [property: Id(0)] Delivery Delivery,
    [property: Id(1)] string Action,
    [property: Id(2)] string IssueId,
    [property: Id(3)] IssueEvent Event) : IWebhookCommand;
