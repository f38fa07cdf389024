namespace Sentry.Grains.Silo.Configuration;

/// <summary>The Sentry app's credentials and Sentry's address. Configuration section <c>Sentry</c>.</summary>
public sealed class SentryOptions
{
    public const string SectionName = "Sentry";

    /// <summary>The secret appsettings.Development.json ships; refused in any other environment.</summary>
    public const string DevelopmentClientSecret = "sentry-grains-development-secret";

    /// <summary>The app's client id (<c>Sentry:ClientId</c>), used for the OAuth exchange.</summary>
    public string? ClientId { get; set; }

    /// <summary>The app's client secret (<c>Sentry:ClientSecret</c>, env <c>Sentry__ClientSecret</c>): signs webhooks.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The secret being rotated out (<c>Sentry:PreviousClientSecret</c>): webhooks signed with it are accepted too.</summary>
    public string? PreviousClientSecret { get; set; }

    /// <summary>Sentry's base address (<c>Sentry:BaseUrl</c>).</summary>
    public Uri BaseUrl { get; set; } = new("https://sentry.io");

    /// <summary>The secrets a webhook signature may be made with, current first.</summary>
    public IReadOnlyList<string> WebhookSecrets =>
        [.. new[] { ClientSecret, PreviousClientSecret }.Where(s => !string.IsNullOrEmpty(s)).Cast<string>()];
}
