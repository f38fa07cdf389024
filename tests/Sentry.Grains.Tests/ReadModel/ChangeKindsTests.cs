using Sentry.Grains.ReadModel;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.ReadModel;

/// <summary>A consumer learns the feed's kinds from the README: it names every kind the code publishes, and no other.</summary>
public sealed class ChangeKindsTests
{
    [Fact]
    public void The_readme_names_every_kind_of_change_the_feed_carries()
    {
        var readme = File.ReadAllText(Path.Combine(Fixtures.RepositoryRoot, "README.md")).ReplaceLineEndings("\n");
        var section = readme[readme.IndexOf("### The change feed", StringComparison.Ordinal)..];
        var kindsSentence = section[section.IndexOf("Kinds:", StringComparison.Ordinal)..section.IndexOf("`kinds=`", StringComparison.Ordinal)];
        var named = System.Text.RegularExpressions.Regex.Matches(kindsSentence, "`([a-z_]+\\.[a-z_]+)`").Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(ChangeKinds.All.Order(), named.Order());
    }
}
