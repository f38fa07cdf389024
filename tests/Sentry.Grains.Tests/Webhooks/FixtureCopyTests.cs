using System.Security.Cryptography;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Webhooks;

/// <summary>
/// The repository's copy of Sentry's example payloads is exactly the one the steering folder holds:
/// <c>Fixtures/SHA256SUMS</c> was made from <c>../shared/fixtures</c> with <c>sha256sum *.json</c>, so a clone without
/// that folder still checks every byte of its copy; where the folder is present, it is compared too.
/// </summary>
public sealed class FixtureCopyTests
{
    private static string Manifest => Path.Combine(Fixtures.RepositoryRoot, "tests", "Sentry.Grains.Tests", "Fixtures", "SHA256SUMS");

    private static Dictionary<string, string> Recorded() =>
        File.ReadAllLines(Manifest)
            .Where(line => line.Length > 0)
            .Select(line => line.Split("  ", 2))
            .ToDictionary(parts => Path.GetFileNameWithoutExtension(parts[1]), parts => parts[0], StringComparer.Ordinal);

    [Fact]
    public void Every_fixture_matches_the_recorded_digest_of_sentrys_example_and_none_is_missing()
    {
        var recorded = Recorded();
        Assert.Equal(24, recorded.Count);
        Assert.Equal(recorded.Keys.Order(StringComparer.Ordinal), Fixtures.Names);
        foreach (var name in Fixtures.Names)
        {
            Assert.True(recorded[name] == Convert.ToHexStringLower(SHA256.HashData(Fixtures.Bytes(name))), $"{name} differs from the recorded example");
        }

        // Where the steering folder is beside the clone, the record is also checked against it (new or changed examples).
        var shared = Path.GetFullPath(Path.Combine(Fixtures.RepositoryRoot, "..", "shared", "fixtures"));
        if (Directory.Exists(shared))
        {
            var current = Directory.GetFiles(shared, "*.json")
                .ToDictionary(f => Path.GetFileNameWithoutExtension(f)!, f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);
            Assert.Equal(current.OrderBy(p => p.Key, StringComparer.Ordinal), recorded.OrderBy(p => p.Key, StringComparer.Ordinal));
        }
    }
}
