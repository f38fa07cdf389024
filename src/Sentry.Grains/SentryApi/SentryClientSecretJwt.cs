using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sentry.Grains.SentryApi;

/// <summary>
/// The JWT Sentry's manual token refresh (<c>grant_type=urn:sentry:params:oauth:grant-type:jwt-bearer</c>) is
/// authenticated with: HS256 over the app's client secret, <c>iss</c> (and <c>sub</c>) the client id, short-lived
/// (<see cref="Lifetime"/>), a random <c>jti</c>. Built with <see cref="HMACSHA256"/>; it is a secret while it lives.
/// </summary>
public static class SentryClientSecretJwt
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    public static string Create(string clientId, string clientSecret, DateTimeOffset now)
    {
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "HS256", ["typ"] = "JWT" }));
        var issuedAt = now.ToUnixTimeSeconds();
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = clientId,
            ["sub"] = clientId,
            ["iat"] = issuedAt,
            ["exp"] = issuedAt + (long)Lifetime.TotalSeconds,
            ["jti"] = Guid.NewGuid().ToString(),
        }));
        var signature = Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), Encoding.ASCII.GetBytes(header + "." + payload)));
        return header + "." + payload + "." + signature;
    }

    /// <summary>Base64url without padding (RFC 7515).</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
