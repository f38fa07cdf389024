namespace Sentry.Grains.SentryApi;

/// <summary>
/// The Sentry app's credentials, Sentry's address and how installation tokens are kept.
/// Configuration section <c>Sentry</c>. Owned by the grains (they exchange and refresh tokens);
/// the host binds it and validates it at start for its environment.
/// </summary>
public sealed class SentryOptions
{
    public const string SectionName = "Sentry";

    /// <summary>The secret appsettings.Development.json ships; refused in any other environment.</summary>
    public const string DevelopmentClientSecret = "sentry-grains-development-secret";

    /// <summary>
    /// The token encryption key appsettings.Development.json ships (base64 of the 32 ASCII bytes
    /// <c>sentry-grains-development-key-32</c>); refused in any other environment.
    /// </summary>
    public const string DevelopmentTokenEncryptionKey = "c2VudHJ5LWdyYWlucy1kZXZlbG9wbWVudC1rZXktMzI=";

    /// <summary>The app's client id (<c>Sentry:ClientId</c>), used for the OAuth exchange.</summary>
    public string? ClientId { get; set; }

    /// <summary>The app's client secret (<c>Sentry:ClientSecret</c>, env <c>Sentry__ClientSecret</c>): signs webhooks and authenticates the OAuth exchange.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The secret being rotated out (<c>Sentry:PreviousClientSecret</c>): webhooks signed with it are accepted too.</summary>
    public string? PreviousClientSecret { get; set; }

    /// <summary>Sentry's base address (<c>Sentry:BaseUrl</c>).</summary>
    public Uri BaseUrl { get; set; } = new("https://sentry.io");

    /// <summary>
    /// The key installation tokens are encrypted with at rest (<c>Sentry:TokenEncryptionKey</c>): base64 of
    /// 32 random bytes (AES-256-GCM), the same on every silo.
    /// </summary>
    public string? TokenEncryptionKey { get; set; }

    /// <summary>
    /// Keys rotated out (<c>Sentry:PreviousTokenEncryptionKeys</c>): tokens encrypted with them are still
    /// read, and written back with <see cref="TokenEncryptionKey"/> at their next refresh.
    /// </summary>
    public string[] PreviousTokenEncryptionKeys { get; set; } = [];

    /// <summary>How long before an access token expires it is refreshed (<c>Sentry:TokenRefreshSkew</c>).</summary>
    public TimeSpan TokenRefreshSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one call to Sentry's API may take before it counts as a (transient) failure (<c>Sentry:RequestTimeout</c>).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The secrets a webhook signature may be made with, current first.</summary>
    public IReadOnlyList<string> WebhookSecrets =>
        [.. new[] { ClientSecret, PreviousClientSecret }.Where(s => !string.IsNullOrEmpty(s)).Cast<string>()];
}
