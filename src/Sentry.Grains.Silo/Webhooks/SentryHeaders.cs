namespace Sentry.Grains.Silo.Webhooks;

/// <summary>The headers Sentry sends with every webhook.</summary>
public static class SentryHeaders
{
    public const string Resource = "Sentry-Hook-Resource";
    public const string Signature = "Sentry-Hook-Signature";
    public const string Timestamp = "Sentry-Hook-Timestamp";
    public const string RequestId = "Request-ID";
}
