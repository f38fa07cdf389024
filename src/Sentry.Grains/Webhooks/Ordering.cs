namespace Sentry.Grains.Webhooks;

/// <summary>
/// Ordering by Sentry-Hook-Timestamp: good enough to order normal deliveries (Sentry sets it at send
/// time), not proof. A delivery without a timestamp is never stale.
/// </summary>
public static class Ordering
{
    /// <summary>True when <paramref name="sentAt"/> is older than the newest timestamp already applied.</summary>
    public static bool IsStale(DateTimeOffset? sentAt, DateTimeOffset? newestApplied) =>
        sentAt is { } incoming && newestApplied is { } newest && incoming < newest;

    /// <summary>The newer of two timestamps, either of which may be unknown.</summary>
    public static DateTimeOffset? Newest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a > b ? a : b);
}
