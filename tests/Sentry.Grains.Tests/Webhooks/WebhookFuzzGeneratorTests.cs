using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Sentry.Grains.Tests.Infrastructure;
using Sentry.Grains.Tests.Infrastructure.Fuzz;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Webhooks;

/// <summary>The fuzz's generator (<see cref="WebhookFuzz"/>) is reproducible and makes every kind of hostile body it claims to.</summary>
public sealed partial class WebhookFuzzGeneratorTests
{
    private const int Seed = 20260101;

    private static readonly Lazy<FuzzCase[]> Cases = new(() =>
        [.. Enumerable.Range(0, WebhookFuzz.SweepSize + 3000).Select(n => WebhookFuzz.Build(WebhookFuzz.Plan(Seed, n)))]);

    [Fact]
    public void A_case_depends_on_its_seed_and_number_only()
    {
        foreach (var number in new[] { 0, 1, WebhookFuzz.SweepSize - 1, WebhookFuzz.SweepSize, WebhookFuzz.SweepSize + 777, 4999 })
        {
            var again = WebhookFuzz.Build(WebhookFuzz.Plan(Seed, number));
            var first = Cases.Value.Length > number ? Cases.Value[number] : WebhookFuzz.Build(WebhookFuzz.Plan(Seed, number));
            Assert.Equal(first.Body, again.Body);
            Assert.Equal(first.Headers, again.Headers);
            Assert.Equal(first.Steps, again.Steps);
        }

        var otherSeed = Enumerable.Range(WebhookFuzz.SweepSize, 50).Select(n => WebhookFuzz.Build(WebhookFuzz.Plan(Seed + 1, n)).Body).ToList();
        Assert.True(otherSeed.Where((body, i) => !body.AsSpan().SequenceEqual(Cases.Value[WebhookFuzz.SweepSize + i].Body)).Count() > 40);
    }

    [Fact]
    public void The_sweep_changes_every_value_of_every_fixture_once()
    {
        var values = Fixtures.Names.Sum(name => FuzzSlot.All(FuzzNode.Parse(Fixtures.Bytes(name)), _ => { }).Count);
        Assert.Equal(values, WebhookFuzz.SweepSize);
        Assert.All(Cases.Value.Take(WebhookFuzz.SweepSize), c => Assert.False(c.Body.AsSpan().SequenceEqual(FuzzNode.Parse(Fixtures.Bytes(c.Fixture)).ToBytes()), c.ToString()));
        Assert.Equal(Fixtures.Names, Cases.Value.Take(WebhookFuzz.SweepSize).Select(c => c.Fixture).Distinct());
    }

    [Fact]
    public void Random_cases_take_every_fixture_in_turn_and_sometimes_vary_the_headers()
    {
        var random = Cases.Value.Skip(WebhookFuzz.SweepSize).ToList();
        Assert.All(Fixtures.Names, name => Assert.InRange(random.Count(c => c.Fixture == name), (random.Count / Fixtures.Names.Count) - 1, (random.Count / Fixtures.Names.Count) + 1));
        Assert.Contains(random, c => c.Headers.Timestamp is null);
        Assert.Contains(random, c => c.Headers.RequestId is { Length: > 128 });
        Assert.Contains(random, c => c.Headers.Resource != c.FixtureResource);
        Assert.Contains(random, c => c.Headers.Signature != FuzzSignature.Valid);
        Assert.Contains(random, c => c.Headers.Chunked);
        Assert.InRange(random.Count(c => c.Headers == new FuzzHeaders(c.FixtureResource, c.Plan.RequestId, WebhookFuzz.CurrentTimestamp)), random.Count * 3 / 4, random.Count);
    }

    /// <summary>Each kind of input the fuzz is meant to send, recognized from the bytes (or what the parser makes of them) where it can be.</summary>
    private static readonly string[] Kinds =
    [
        "invalid UTF-8", "escaped lone surrogate", "duplicate member", "nested deeper than the parser's limit", "truncated", "not JSON",
        "an integer beyond 64 bits", "a string over 100 KB", "over the body limit", "a key field of the wrong shape", "an unknown action",
        "a number where the fixture has a string", "a string where the fixture has a number", "a readable body of another shape",
    ];

    [Fact]
    public void The_generator_makes_every_kind_of_hostile_body()
    {
        var originals = Fixtures.Names.ToDictionary(name => name, Fixtures.Bytes);
        var counts = Kinds.ToDictionary(kind => kind, _ => 0);
        foreach (var @case in Cases.Value)
        {
            foreach (var kind in KindsOf(@case, originals[@case.Fixture]))
            {
                counts[kind]++;
            }
        }

        var summary = string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}"));
        Assert.All(counts, count => Assert.True(count.Value >= 3, $"Too few cases of {count.Key} in {Cases.Value.Length}: {summary}"));
    }

    private static IEnumerable<string> KindsOf(FuzzCase @case, byte[] original)
    {
        var body = @case.Body;
        var text = Encoding.UTF8.GetString(body);
        var parses = Parses(body, new JsonDocumentOptions { MaxDepth = 100_000 });
        var parsed = Parse(@case, out var rejection);
        var checks = new (string Kind, bool Is)[]
        {
            ("invalid UTF-8", !Utf8.IsValid(body)),
            ("escaped lone surrogate", LoneSurrogate().IsMatch(text)),
            ("duplicate member", parses && !Parses(body, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 100_000 })),
            ("nested deeper than the parser's limit", parses && !Parses(body, new JsonDocumentOptions { MaxDepth = WebhookParser.MaxDepth })),
            ("truncated", body.Length < original.Length && original.AsSpan().StartsWith(body)),
            ("not JSON", !parses),
            ("an integer beyond 64 bits", BeyondLong().IsMatch(text)),
            ("a string over 100 KB", body.Length > 100_000),
            ("over the body limit", body.Length > 1024 * 1024),
            ("a key field of the wrong shape", rejection?.Contains("must be", StringComparison.Ordinal) == true),
            ("an unknown action", parsed is { IsIgnored: true, Resource: not null }),
            ("a number where the fixture has a string", @case.Steps.Any(s => s.Contains("(String) = Number", StringComparison.Ordinal))),
            ("a string where the fixture has a number", @case.Steps.Any(s => s.Contains("(Number) = String", StringComparison.Ordinal))),
            ("a readable body of another shape", parsed is { IsIgnored: false } && !body.AsSpan().SequenceEqual(original)),
        };
        return checks.Where(c => c.Is).Select(c => c.Kind);
    }

    private static bool Parses(byte[] body, JsonDocumentOptions options)
    {
        try
        {
            using var document = JsonDocument.Parse(body, options);
            return true;
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>What the service's parser makes of the body, or null with the message it rejects it with.</summary>
    private static ParsedWebhook? Parse(FuzzCase @case, out string? rejection)
    {
        rejection = null;
        try
        {
            return WebhookParser.Parse(@case.FixtureResource, @case.Body, TestDeliveries.For(@case.Body));
        }
        catch (WebhookFormatException error)
        {
            rejection = error.Message;
            return null;
        }
    }

    [GeneratedRegex(@"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")]
    private static partial Regex LoneSurrogate();

    [GeneratedRegex(@"[:\[,]\s*-?[1-9][0-9]{19,}")]
    private static partial Regex BeyondLong();
}
