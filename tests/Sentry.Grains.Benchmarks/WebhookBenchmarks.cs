using BenchmarkDotNet.Attributes;
using Sentry.Grains.Silo.Webhooks;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Benchmarks;

/// <summary>The host's per-webhook CPU work on the body: HMAC verification and the one parse into a command.</summary>
[MemoryDiagnoser]
public class WebhookBenchmarks
{
    private const string Secret = "benchmark-secret";
    private readonly WebhookSignature signature = new([Secret]);
    private readonly Delivery delivery = Ordering.Deliver("0123456789abcdef0123456789abcdef", DateTimeOffset.UnixEpoch, new string('0', 64), DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(5));
    private byte[] body = [];
    private string header = "";

    [Params(2 * 1024, 100 * 1024)]
    public int BodyBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        body = WebhookBodies.IssueCreated(BodyBytes);
        header = WebhookSignature.Sign(body, Secret);
    }

    [Benchmark]
    public bool VerifySignature() => signature.IsValid(body, header);

    [Benchmark]
    public object ParseEnvelope() => WebhookParser.Parse("issue", body, delivery);

    [Benchmark]
    public object VerifyAndParse() => signature.IsValid(body, header) ? WebhookParser.Parse("issue", body, delivery) : throw new InvalidOperationException();
}
