namespace Sentry.Grains.Silo.Webhooks;

/// <summary>The Sentry headers of one webhook request, read once by the endpoint.</summary>
public sealed record WebhookHeaders(string Resource, string RequestId, string Signature, string Timestamp)
{
    public static WebhookHeaders Of(HttpRequest request)
    {
        var headers = request.Headers;
        return new WebhookHeaders(
            headers[SentryHeaders.Resource].ToString(),
            headers[SentryHeaders.RequestId].ToString(),
            headers[SentryHeaders.Signature].ToString(),
            headers[SentryHeaders.Timestamp].ToString());
    }
}
