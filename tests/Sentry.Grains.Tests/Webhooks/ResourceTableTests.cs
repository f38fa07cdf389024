using Sentry.Grains.Tests.Infrastructure;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Webhooks;

/// <summary>The one table of resources drives the parser and router, and the README shows exactly that table.</summary>
public sealed class ResourceTableTests
{
    [Fact]
    public void The_readme_shows_the_resource_table_the_code_declares()
    {
        var readme = File.ReadAllText(Path.Combine(Fixtures.RepositoryRoot, "README.md")).ReplaceLineEndings("\n");
        Assert.Contains(WebhookResources.MarkdownTable().ReplaceLineEndings("\n"), readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_fixture_routes_to_the_grain_its_resource_declares_with_a_canonical_key()
    {
        foreach (var fixture in Fixtures.Names)
        {
            var body = Fixtures.Bytes(fixture);
            var parsed = WebhookParser.Parse(Fixtures.ResourceOf(fixture), body, TestDeliveries.For(body));
            Assert.NotNull(parsed.Resource);
            Assert.NotNull(parsed.Command);
            Assert.True(parsed.Resource.Key.Shape.TryCanonicalize(parsed.GrainKey, out var canonical) && canonical == parsed.GrainKey, $"{fixture}: key {parsed.GrainKey}");
            Assert.Equal(
                parsed.Resource.Key.Shape == KeyShape.Uuid ? "installation" : parsed.Resource.Name,
                parsed.Resource.Key.Shape == KeyShape.Uuid ? "installation" : Fixtures.ResourceOf(fixture));
        }
    }

    [Fact]
    public void Resource_names_are_unique_and_every_declaration_names_its_grain_method()
    {
        Assert.Equal(WebhookResources.All.Count, WebhookResources.All.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(WebhookResources.All, r => Assert.Matches("^(Issue|Installation|MetricAlert|SeerRun)$", r.Grain));
        Assert.All(WebhookResources.All, r => Assert.EndsWith("Async", r.Method, StringComparison.Ordinal));
    }
}
