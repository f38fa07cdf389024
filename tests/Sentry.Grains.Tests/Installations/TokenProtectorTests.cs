using System.Security.Cryptography;
using System.Text;
using Sentry.Grains.Installations;

namespace Sentry.Grains.Tests.Installations;

/// <summary>AES-256-GCM at rest, with a key id beside each ciphertext so keys can rotate.</summary>
public sealed class TokenProtectorTests
{
    private static readonly string KeyA = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());
    private const string Token = "ec48b7f2d1a94f6b8c3e5a7d9f0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b";

    [Fact]
    public void Round_trips_and_the_ciphertext_holds_no_trace_of_the_token()
    {
        var protector = new TokenProtector(KeyA);
        var encrypted = protector.Protect(Token, "uuid-1", "access");

        Assert.Equal(protector.CurrentKeyId, encrypted.KeyId);
        Assert.Equal(TokenProtector.KeyIdOf(Convert.FromBase64String(KeyA)), encrypted.KeyId);
        Assert.Equal(8, encrypted.KeyId.Length);
        Assert.Equal(12 + 16 + Token.Length, encrypted.Data.Length);
        Assert.DoesNotContain(Token, Encoding.UTF8.GetString(encrypted.Data) + Convert.ToBase64String(encrypted.Data) + encrypted, StringComparison.Ordinal);
        Assert.Equal(Token, protector.Unprotect(encrypted, "uuid-1", "access"));
        Assert.NotEqual(encrypted.Data, protector.Protect(Token, "uuid-1", "access").Data); // a fresh nonce every time
    }

    [Fact]
    public void A_ciphertext_is_bound_to_its_installation_and_purpose()
    {
        var protector = new TokenProtector(KeyA);
        var encrypted = protector.Protect(Token, "uuid-1", "access");

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(encrypted, "uuid-2", "access"));
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(encrypted, "uuid-1", "refresh"));
        var tampered = encrypted with { Data = [.. encrypted.Data[..^1], (byte)(encrypted.Data[^1] ^ 1)] };
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(tampered, "uuid-1", "access"));
    }

    [Fact]
    public void After_rotation_old_ciphertexts_still_read_and_new_ones_use_the_new_key()
    {
        var old = new TokenProtector(KeyA).Protect(Token, "uuid-1", "refresh");
        var rotated = new TokenProtector(KeyB, [KeyA]);

        Assert.Equal(Token, rotated.Unprotect(old, "uuid-1", "refresh"));
        Assert.Equal(TokenProtector.KeyIdOf(Convert.FromBase64String(KeyB)), rotated.Protect(Token, "uuid-1", "refresh").KeyId);
    }

    [Fact]
    public void An_unknown_key_id_names_the_settings_and_not_the_token()
    {
        var encrypted = new TokenProtector(KeyA).Protect(Token, "uuid-1", "access");
        var error = Assert.ThrowsAny<CryptographicException>(() => new TokenProtector(KeyB).Unprotect(encrypted, "uuid-1", "access"));
        Assert.Contains("Sentry:TokenEncryptionKey", error.Message, StringComparison.Ordinal);
        Assert.Contains(encrypted.KeyId, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("dG9vIHNob3J0")]
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g")] // 33 bytes
    public void Only_base64_of_32_bytes_is_a_key(string? key) => Assert.Null(TokenProtector.ParseKey(key));
}
