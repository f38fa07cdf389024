using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Webhooks;

/// <summary>The repository's copy of the fixtures is the same as ../shared/fixtures, where that exists.</summary>
public sealed class FixtureCopyTests
{
    [Fact]
    public void Fixture_copy_matches_shared_fixtures()
    {
        var shared = Path.GetFullPath(Path.Combine(Fixtures.RepositoryRoot, "..", "shared", "fixtures"));
        if (!Directory.Exists(shared))
        {
            return; // a clone without the steering folder beside it tests against its own copy
        }

        var sharedNames = Directory.GetFiles(shared, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(sharedNames, Fixtures.Names);
        foreach (var name in sharedNames)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(shared, name + ".json")).SequenceEqual(Fixtures.Bytes(name)), $"{name} differs from shared/fixtures");
        }
    }
}
