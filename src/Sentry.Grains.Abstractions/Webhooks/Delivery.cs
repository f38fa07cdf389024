namespace Sentry.Grains.Webhooks;

/// <summary>
/// How one change reached this service: what every command carries for deduplication, ordering and the record
/// of where a change came from. Made by <c>DeliveryClock</c> in the host from the request's headers.
/// </summary>
/// <param name="RequestId">Sentry's <c>Request-ID</c> header (new on every retry): kept for the audit trail.</param>
/// <param name="SentAt">Sentry's <c>Sentry-Hook-Timestamp</c> (unix seconds, set at send time, not signed); null when absent.</param>
/// <param name="BodyDigest">Lowercase hex SHA-256 of the raw body bytes: the same on Sentry's retries, so it is what deduplicates.</param>
/// <param name="ReceivedAt">When this service received the request (its own clock).</param>
/// <param name="OrderAt">
/// The time this delivery is ordered by: <paramref name="SentAt"/> when it is present and not later than
/// <paramref name="Horizon"/>, otherwise <paramref name="ReceivedAt"/> (an unsigned header cannot push state into the future).
/// </param>
/// <param name="Horizon">
/// <paramref name="ReceivedAt"/> plus <c>Webhooks:MaxClockSkew</c>: the latest ordering time the receiver trusts. A
/// stored ordering time beyond it was poisoned (written before timestamps were checked) and is not trusted either.
/// </param>
/// <param name="InstallationUuid">The envelope's <c>installation.uuid</c>: whose organization and token the change came through.</param>
[GenerateSerializer, Immutable, Alias("sentry.Delivery")]
public sealed record Delivery(
    [property: Id(0)] string RequestId,
    [property: Id(1)] DateTimeOffset? SentAt,
    [property: Id(2)] string BodyDigest,
    [property: Id(3)] DateTimeOffset ReceivedAt,
    [property: Id(4)] DateTimeOffset OrderAt,
    [property: Id(5)] DateTimeOffset Horizon,
    [property: Id(6)] string? InstallationUuid)
{
    /// <summary>Where the change came from: a webhook (the default) or the reconciliation with Sentry's API.</summary>
    [Id(7)] public DeliverySource Source { get; init; }

    /// <summary>False when <see cref="SentAt"/> is missing or lies beyond <see cref="Horizon"/> and the receipt time orders the delivery.</summary>
    public bool TimestampTrusted => SentAt is { } sent && sent == OrderAt;
}
