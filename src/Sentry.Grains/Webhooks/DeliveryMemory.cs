using Sentry.Grains.Storage;

namespace Sentry.Grains.Webhooks;

/// <summary>
/// The bodies a grain applied within <c>Retention:DeliveryWindow</c> (24 h by default, far beyond Sentry's ~15 minutes of
/// retries), by digest: a body applied within the window is a duplicate however many other webhooks arrived since. Kept
/// as a <see cref="SegmentedLog{T}"/> of 24-byte entries, so remembering one more costs the same at any size; segments
/// whose entries all left the window are dropped. At most <c>Retention:MaxDeliveries</c> are kept: beyond that the oldest
/// segments are forgotten early, and <see cref="ForgottenEarly"/> says how many, for the grain to log and count.
/// </summary>
public sealed class DeliveryMemory(SegmentedLog<RememberedDelivery> log, RetentionOptions retention)
{
    /// <summary>Delivery logs seal at 16 entries (384 bytes).</summary>
    public static readonly LogLimits Limits = new(16, 1024);

    private readonly Dictionary<(ulong, ulong), long> received = [];
    private bool indexed;

    /// <summary>Deliveries forgotten before the end of the window since the grain last asked (then reset).</summary>
    public int ForgottenEarly { get; set; }

    /// <summary>Reads the log's segments if they are not in memory yet.</summary>
    public Task LoadAsync() => log.LoadAsync();

    /// <summary>True when this exact body was applied within the window before <paramref name="delivery"/> was received.</summary>
    public bool Contains(Delivery delivery)
    {
        Index();
        var entry = RememberedDelivery.Of(delivery);
        return received.TryGetValue(entry.Digest, out var at) && at >= (delivery.ReceivedAt - retention.DeliveryWindow).ToUnixTimeSeconds();
    }

    /// <summary>
    /// True when this exact body was applied before, but longer ago than the window: a replay (a captured body sent again)
    /// or a very late retry. Cheap, and only as good as what is still kept: a digest is forgotten once its whole segment
    /// left the window, so an older replay is not seen.
    /// </summary>
    public bool SeenBeforeWindow(Delivery delivery)
    {
        Index();
        return received.TryGetValue(RememberedDelivery.Of(delivery).Digest, out var at) && at < (delivery.ReceivedAt - retention.DeliveryWindow).ToUnixTimeSeconds();
    }

    /// <summary>Remembers <paramref name="delivery"/> (in the same head write as its change) and forgets what left the window.</summary>
    public void Remember(Delivery delivery)
    {
        Index();
        var entry = RememberedDelivery.Of(delivery);
        log.Append(entry);
        received[entry.Digest] = entry.ReceivedAtSeconds;
        Expire(delivery.ReceivedAt);
    }

    private void Expire(DateTimeOffset now)
    {
        var windowStart = (now - retention.DeliveryWindow).ToUnixTimeSeconds();
        var dropBefore = -1;
        var live = log.Count;
        foreach (var (index, entries) in log.SealedSegments)
        {
            var expired = entries.Count == 0 || entries.Max(e => e.ReceivedAtSeconds) < windowStart;
            if (!expired && live <= retention.MaxDeliveries)
            {
                break;
            }

            if (!expired)
            {
                ForgottenEarly += entries.Count;
            }

            live -= entries.Count;
            dropBefore = index + 1;
            foreach (var forgotten in entries)
            {
                if (received.TryGetValue(forgotten.Digest, out var at) && at == forgotten.ReceivedAtSeconds)
                {
                    received.Remove(forgotten.Digest);
                }
            }
        }

        if (dropBefore >= 0)
        {
            log.DropSegmentsBefore(dropBefore);
        }
    }

    private void Index()
    {
        if (indexed)
        {
            return;
        }

        foreach (var entry in log.Entries)
        {
            received[entry.Digest] = Math.Max(entry.ReceivedAtSeconds, received.GetValueOrDefault(entry.Digest));
        }

        indexed = true;
    }

    /// <summary>After the head was reloaded: index again from the log.</summary>
    public void Reset()
    {
        received.Clear();
        indexed = false;
    }
}
