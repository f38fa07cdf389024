using System.Buffers.Binary;
using System.Globalization;
using Sentry.Grains.Storage;

namespace Sentry.Grains.Webhooks;

/// <summary>An applied delivery as a grain remembers it: the first 128 bits of its body's SHA-256 and when it was received.</summary>
[GenerateSerializer, Immutable, Alias("sentry.v2.RememberedDelivery")]
public readonly record struct RememberedDelivery(
    [property: Id(0)] ulong DigestHigh,
    [property: Id(1)] ulong DigestLow,
    [property: Id(2)] long ReceivedAtSeconds) : ILogEntry
{
    public int ApproximateBytes => 24;

    public (ulong, ulong) Digest => (DigestHigh, DigestLow);

    public DateTimeOffset ReceivedAt => DateTimeOffset.FromUnixTimeSeconds(ReceivedAtSeconds);

    public static RememberedDelivery Of(Delivery delivery) => Of(delivery.BodyDigest, delivery.ReceivedAt);

    /// <summary>From a lowercase hex SHA-256 (at least 32 hex digits are used).</summary>
    public static RememberedDelivery Of(string hexDigest, DateTimeOffset receivedAt)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (hexDigest.Length < 32 || Convert.FromHexString(hexDigest.AsSpan(0, 32), bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != 16)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Not a hex SHA-256 digest ({hexDigest.Length} characters)."), nameof(hexDigest));
        }

        return new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), receivedAt.ToUnixTimeSeconds());
    }
}
