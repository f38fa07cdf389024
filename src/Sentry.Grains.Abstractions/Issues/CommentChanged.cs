using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Issues;

/// <summary>A <c>comment</c> webhook (created, updated, deleted) on issue <see cref="IssueId"/>.</summary>
[GenerateSerializer, Immutable, Alias("sentry.CommentChanged")]
public sealed record CommentChanged(
    [property: Id(0)] Delivery Delivery,
    [property: Id(1)] string Action,
    [property: Id(2)] Actor? Actor,
    [property: Id(3)] string IssueId,
    [property: Id(4)] string CommentId,
    [property: Id(5)] string? Text,
    [property: Id(7)] DateTimeOffset? Timestamp) : IWebhookCommand;
