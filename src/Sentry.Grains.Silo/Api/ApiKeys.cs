using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Sentry.Grains.Silo.Configuration;

namespace Sentry.Grains.Silo.Api;

/// <summary>
/// The configured API keys, kept as SHA-256 hashes and compared in constant time: every presented key is
/// hashed to the same length and checked against every configured key, so neither the key's length nor
/// which key matched shows in the time taken.
/// </summary>
public sealed class ApiKeys
{
    private readonly byte[][] hashes;

    public ApiKeys(IOptions<ApiOptions> options, IHostEnvironment environment)
    {
        hashes = [.. options.Value.Keys.Select(key => SHA256.HashData(Encoding.UTF8.GetBytes(key.Trim())))];
        IsRequired = hashes.Length > 0 || !environment.IsDevelopment();
    }

    /// <summary>False only in Development with no key configured.</summary>
    public bool IsRequired { get; }

    public bool IsValid(ReadOnlySpan<char> presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented.ToArray());
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        CryptographicOperations.ZeroMemory(bytes);

        var matched = false;
        foreach (var expected in hashes)
        {
            matched |= CryptographicOperations.FixedTimeEquals(hash, expected);
        }

        return matched;
    }
}
