using System.Security.Cryptography;
using System.Text;

namespace Sentry.Grains.Webhooks;

/// <summary>
/// The deliveries of changes the reconciliation applies: received and ordered at the moment Sentry was asked, trusting no
/// ordering time beyond it (so a state that claims to be newer than Sentry's answer, e.g. from a far-future timestamp, is
/// replaced), with a digest of their own so the delivery memory never takes one for a webhook's body or for another part.
/// </summary>
public static class ReconciledDeliveries
{
    /// <summary>The delivery of a reconciliation that asked Sentry at <paramref name="askedAt"/> through <paramref name="installationUuid"/>.</summary>
    public static Delivery Create(string requestId, DateTimeOffset askedAt, string? installationUuid) =>
        new(requestId, SentAt: null, Digest(requestId), askedAt, askedAt, askedAt, installationUuid) { Source = DeliverySource.Reconciled };

    /// <summary>The same delivery for one part of the change (a comment, a Seer stage): its own digest.</summary>
    public static Delivery Part(this Delivery delivery, string part) => delivery with { BodyDigest = Digest(delivery.BodyDigest + ":" + part) };

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
