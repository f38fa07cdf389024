using System.Security.Cryptography;
using System.Text;

namespace Sentry.Grains.Silo.Webhooks;

/// <summary>
/// Sentry's <c>Sentry-Hook-Signature</c>: lowercase hex HMAC-SHA256 of the raw body bytes, keyed with
/// the client secret as UTF-8. Checked over the exact bytes received (never re-serialized JSON),
/// against every configured secret (two during rotation), in constant time.
/// </summary>
public sealed class WebhookSignature
{
    private const int HashBytes = 32;
    private readonly byte[][] secrets;

    public WebhookSignature(IEnumerable<string> secrets)
    {
        this.secrets = [.. secrets.Select(Encoding.UTF8.GetBytes)];
        if (this.secrets.Length == 0)
        {
            throw new ArgumentException("At least one secret is required.", nameof(secrets));
        }
    }

    /// <summary>True when <paramref name="signature"/> is the hex HMAC of <paramref name="body"/> with one of the secrets.</summary>
    public bool IsValid(ReadOnlySpan<byte> body, ReadOnlySpan<char> signature)
    {
        Span<byte> expected = stackalloc byte[HashBytes];
        if (!TryDecodeLowercaseHex(signature, expected))
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[HashBytes];
        var matched = false;
        foreach (var secret in secrets)
        {
            HMACSHA256.HashData(secret, body, actual);
            matched |= CryptographicOperations.FixedTimeEquals(actual, expected);
        }

        return matched;
    }

    /// <summary>The signature Sentry would send for <paramref name="body"/> with <paramref name="secret"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static bool TryDecodeLowercaseHex(ReadOnlySpan<char> hex, Span<byte> destination)
    {
        if (hex.Length != destination.Length * 2)
        {
            return false;
        }

        for (var i = 0; i < destination.Length; i++)
        {
            var high = Nibble(hex[2 * i]);
            var low = Nibble(hex[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            destination[i] = (byte)((high << 4) | low);
        }

        return true;

        static int Nibble(char c) => c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            _ => -1,
        };
    }
}
