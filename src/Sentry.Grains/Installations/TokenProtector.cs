using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Sentry.Grains.SentryApi;

namespace Sentry.Grains.Installations;

/// <summary>
/// Encrypts installation tokens for grain state with AES-256-GCM under <c>Sentry:TokenEncryptionKey</c>,
/// and decrypts them with that key or one of <c>Sentry:PreviousTokenEncryptionKeys</c>, chosen by the key id
/// stored beside each ciphertext. The associated data binds a ciphertext to its installation and purpose,
/// so a stored token cannot be moved to another installation or swapped with the refresh token.
/// </summary>
public sealed class TokenProtector
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int KeyBytes = 32;

    private readonly string currentKeyId;
    private readonly Dictionary<string, byte[]> keys = new(StringComparer.Ordinal);

    public TokenProtector(IOptions<SentryOptions> options)
        : this(options.Value.TokenEncryptionKey, options.Value.PreviousTokenEncryptionKeys)
    {
    }

    public TokenProtector(string? currentKey, IEnumerable<string>? previousKeys = null)
    {
        var current = ParseKey(currentKey)
            ?? throw new InvalidOperationException("Sentry:TokenEncryptionKey must be base64 of 32 bytes.");
        currentKeyId = KeyIdOf(current);
        keys[currentKeyId] = current;
        foreach (var previous in previousKeys ?? [])
        {
            var key = ParseKey(previous)
                ?? throw new InvalidOperationException("Every Sentry:PreviousTokenEncryptionKeys entry must be base64 of 32 bytes.");
            keys.TryAdd(KeyIdOf(key), key);
        }
    }

    /// <summary>The id of the key new tokens are encrypted with.</summary>
    public string CurrentKeyId => currentKeyId;

    /// <summary>The 32-byte key in <paramref name="base64"/>, or null if it is not base64 of exactly 32 bytes.</summary>
    public static byte[]? ParseKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var buffer = new byte[KeyBytes + 1];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written == KeyBytes ? buffer[..KeyBytes] : null;
    }

    /// <summary>A key's id: the first 8 hex characters of its SHA-256 (not secret, identifies the key).</summary>
    public static string KeyIdOf(ReadOnlySpan<byte> key) => Convert.ToHexStringLower(SHA256.HashData(key))[..8];

    public EncryptedToken Protect(string token, string installationUuid, string purpose)
    {
        var plaintext = Encoding.UTF8.GetBytes(token);
        var data = new byte[NonceBytes + TagBytes + plaintext.Length];
        var nonce = data.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys[currentKeyId], TagBytes);
        aes.Encrypt(nonce, plaintext, data.AsSpan(NonceBytes + TagBytes), data.AsSpan(NonceBytes, TagBytes), AssociatedData(installationUuid, purpose));
        CryptographicOperations.ZeroMemory(plaintext);
        return new EncryptedToken(currentKeyId, data);
    }

    /// <exception cref="CryptographicException">The key is not configured, or the data was altered or belongs elsewhere (never says more).</exception>
    public string Unprotect(EncryptedToken token, string installationUuid, string purpose)
    {
        if (!keys.TryGetValue(token.KeyId, out var key))
        {
            throw new CryptographicException(
                $"A stored token was encrypted with key id {token.KeyId}, which is neither Sentry:TokenEncryptionKey nor one of Sentry:PreviousTokenEncryptionKeys.");
        }

        if (token.Data.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("A stored token is truncated.");
        }

        var data = token.Data.AsSpan();
        var plaintext = new byte[data.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(data[..NonceBytes], data[(NonceBytes + TagBytes)..], data.Slice(NonceBytes, TagBytes), plaintext, AssociatedData(installationUuid, purpose));
        return Encoding.UTF8.GetString(plaintext);
    }

    private static byte[] AssociatedData(string installationUuid, string purpose) =>
        Encoding.UTF8.GetBytes($"sentry-grains/installation/{installationUuid}/{purpose}");
}
