namespace Sentry.Grains.Webhooks;

/// <summary>
/// What every webhook command carries for deduplication and ordering.
/// </summary>
/// <param name="RequestId">Sentry's <c>Request-ID</c> header (new on every retry).</param>
/// <param name="SentAt">Sentry's <c>Sentry-Hook-Timestamp</c> (unix seconds, set at send time, not signed); null when absent.</param>
/// <param name="BodyDigest">Lowercase hex SHA-256 of the raw body bytes: the same on Sentry's retries.</param>
/// <param name="ReceivedAt">When this service received the request.</param>
[GenerateSerializer, Immutable, Alias("sentry.Delivery")]
public sealed record Delivery(
    [property: Id(0)] string RequestId,
    [property: Id(1)] DateTimeOffset? SentAt,
    [property: Id(2)] string BodyDigest,
    [property: Id(3)] DateTimeOffset ReceivedAt);
