namespace Sentry.Grains.Webhooks;

/// <summary>
/// Ordering by <see cref="Delivery.OrderAt"/>: Sentry-Hook-Timestamp when it is not in the future beyond the allowed clock
/// skew, else the time of receipt. Good enough to order normal deliveries, not proof (the header is not signed). A stored
/// ordering time later than a delivery's <see cref="Delivery.Horizon"/> was poisoned (a far-future timestamp written
/// before timestamps were checked) and is not trusted: it never makes a delivery stale and is replaced by the next one.
/// </summary>
public static class Ordering
{
    /// <summary>True when <paramref name="delivery"/> is older than the trusted ordering time <paramref name="newest"/> of that part of the state.</summary>
    public static bool IsStale(Delivery delivery, DateTimeOffset? newest) =>
        newest is { } trusted && trusted <= delivery.Horizon && delivery.OrderAt < trusted;

    /// <summary>The ordering time of that part of the state once <paramref name="delivery"/> is applied to it.</summary>
    public static DateTimeOffset Advance(Delivery delivery, DateTimeOffset? newest) =>
        newest is { } trusted && trusted <= delivery.Horizon && trusted > delivery.OrderAt ? trusted : delivery.OrderAt;

    /// <summary>
    /// The delivery of a request received at <paramref name="receivedAt"/>: ordered by <paramref name="sentAt"/> unless it is
    /// missing or later than <paramref name="receivedAt"/> plus <paramref name="maxClockSkew"/>; then by the second it was
    /// received (Sentry's timestamps have one-second resolution, so a webhook Sentry sends in that second is not older).
    /// </summary>
    public static Delivery Deliver(string requestId, DateTimeOffset? sentAt, string bodyDigest, DateTimeOffset receivedAt, TimeSpan maxClockSkew)
    {
        var horizon = receivedAt + maxClockSkew;
        var orderAt = sentAt is { } sent && sent <= horizon ? sent : DateTimeOffset.FromUnixTimeSeconds(receivedAt.ToUnixTimeSeconds());
        return new Delivery(requestId, sentAt, bodyDigest, receivedAt, orderAt, horizon, InstallationUuid: null);
    }
}
