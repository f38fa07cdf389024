using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Issues;

/// <summary>
/// An <c>issue</c> webhook: created, resolved, assigned, ignored (the docs say archived: both are
/// accepted) or unresolved, with the issue as Sentry serialized it at send time.
/// </summary>
[GenerateSerializer, Immutable, Alias("sentry.IssueChanged")]
public sealed record IssueChanged(
    [property: Id(0)] Delivery Delivery,
    [property: Id(1)] string Action,
    [property: Id(2)] Actor? Actor,
    [property: Id(3)] IssueFields Issue,
    [property: Id(4)] Assignee? Assignee,
    [property: Id(5)] string? ResolutionType) : IWebhookCommand;
