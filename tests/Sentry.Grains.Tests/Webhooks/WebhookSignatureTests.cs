using System.Text;
using Sentry.Grains.Silo.Webhooks;

namespace Sentry.Grains.Tests.Webhooks;

/// <summary>
/// Known vectors computed independently with
/// <c>printf '%s' BODY | openssl dgst -sha256 -hmac SECRET</c>.
/// </summary>
public sealed class WebhookSignatureTests
{
    // Compact, as Sentry's encoder writes it: no spaces, non-ASCII as \u escapes (incl. a surrogate pair).
    private static readonly byte[] CompactEscaped =
        Encoding.ASCII.GetBytes("""{"action":"created","data":{"comment":"caf\u00e9 \u2603 \ud83d\ude00"}}""");

    private const string CompactEscapedWithTestSecret = "21a0ecfd1c3925580b62dcb57e6c9c82801dd82bc61271ee88d3e3ee8362e515";
    private const string CompactEscapedWithOldSecret = "362919104df95ff8a8d81219dfe6c4604932bcc11b4176bd825561bef1067bf3";

    private static readonly byte[] PrettyPrinted =
        Encoding.ASCII.GetBytes("{\n  \"action\": \"created\",\n  \"data\": {\n    \"comment\": \"hello\"\n  }\n}\n");

    private const string PrettyPrintedWithTestSecret = "e46fc16e730bbb68832f43155599e3a8e29417ab86177a7e1f3e6e472fad9178";
    private const string EmptyBodyWithTestSecret = "a41bc6d81d6413576ae0994995e0ad89a416ec97389515c3604f47722122eeeb";

    private readonly WebhookSignature current = new(["test-secret"]);
    private readonly WebhookSignature rotating = new(["test-secret", "old-secret"]);

    [Fact]
    public void Compact_body_with_unicode_escapes_verifies_over_its_raw_bytes()
    {
        Assert.True(current.IsValid(CompactEscaped, CompactEscapedWithTestSecret));
        Assert.Equal(CompactEscapedWithTestSecret, WebhookSignature.Sign(CompactEscaped, "test-secret"));
    }

    [Fact]
    public void Pretty_printed_body_verifies_over_its_raw_bytes() =>
        Assert.True(current.IsValid(PrettyPrinted, PrettyPrintedWithTestSecret));

    [Fact]
    public void Reserialized_json_does_not_verify()
    {
        // The same JSON value, re-encoded with the unicode characters unescaped: not the signed bytes.
        var reencoded = Encoding.UTF8.GetBytes("{\"action\":\"created\",\"data\":{\"comment\":\"café ☃ 😀\"}}");
        Assert.False(current.IsValid(reencoded, CompactEscapedWithTestSecret));
    }

    [Fact]
    public void Empty_body_has_a_signature_too() =>
        Assert.True(current.IsValid([], EmptyBodyWithTestSecret));

    [Fact]
    public void Wrong_secret_is_rejected() =>
        Assert.False(new WebhookSignature(["another-secret"]).IsValid(CompactEscaped, CompactEscapedWithTestSecret));

    [Fact]
    public void Previous_secret_is_accepted_during_rotation_only_when_configured()
    {
        Assert.True(rotating.IsValid(CompactEscaped, CompactEscapedWithOldSecret));
        Assert.True(rotating.IsValid(CompactEscaped, CompactEscapedWithTestSecret));
        Assert.False(current.IsValid(CompactEscaped, CompactEscapedWithOldSecret));
    }

    [Theory]
    [InlineData("")]
    [InlineData("21A0ECFD1C3925580B62DCB57E6C9C82801DD82BC61271EE88D3E3EE8362E515")]
    [InlineData("sha256=21a0ecfd1c3925580b62dcb57e6c9c82801dd82bc61271ee88d3e3ee8362e515")]
    [InlineData("21a0ecfd1c3925580b62dcb57e6c9c82801dd82bc61271ee88d3e3ee8362e51")]
    [InlineData("21a0ecfd1c3925580b62dcb57e6c9c82801dd82bc61271ee88d3e3ee8362e5155")]
    [InlineData("zz a0ecfd1c3925580b62dcb57e6c9c82801dd82bc61271ee88d3e3ee8362e5")]
    [InlineData("not a signature")]
    public void Uppercase_prefixed_truncated_or_garbage_signatures_are_rejected(string header) =>
        Assert.False(current.IsValid(CompactEscaped, header));

    [Fact]
    public void One_changed_byte_is_rejected()
    {
        var tampered = (byte[])CompactEscaped.Clone();
        tampered[^3] ^= 1;
        Assert.False(current.IsValid(tampered, CompactEscapedWithTestSecret));
    }
}
