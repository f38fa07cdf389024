using Microsoft.Extensions.Options;
using Sentry.Grains.Installations;
using Sentry.Grains.SentryApi;

namespace Sentry.Grains.Silo.Configuration;

/// <summary>
/// Refuses to start without the app's client id and secret or without a token encryption key; outside
/// Development, also with the development secret or the development key. Each message names its setting.
/// </summary>
public sealed class SentryOptionsValidator(IHostEnvironment environment) : IValidateOptions<SentryOptions>
{
    public ValidateOptionsResult Validate(string? name, SentryOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            return ValidateOptionsResult.Fail(
                "Sentry:ClientSecret is required (environment variable Sentry__ClientSecret): it is the Sentry app's client secret that signs webhooks.");
        }

        if (!environment.IsDevelopment()
            && (options.ClientSecret == SentryOptions.DevelopmentClientSecret || options.PreviousClientSecret == SentryOptions.DevelopmentClientSecret))
        {
            return ValidateOptionsResult.Fail(
                $"Sentry:ClientSecret is the development secret, which is only accepted in the Development environment (this is '{environment.EnvironmentName}'). Set Sentry__ClientSecret to the app's real client secret.");
        }

        if (!options.BaseUrl.IsAbsoluteUri)
        {
            return ValidateOptionsResult.Fail("Sentry:BaseUrl must be an absolute URL.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            return ValidateOptionsResult.Fail(
                "Sentry:ClientId is required (environment variable Sentry__ClientId): installations exchange their grant code with the app's client id.");
        }

        if (TokenProtector.ParseKey(options.TokenEncryptionKey) is null)
        {
            return ValidateOptionsResult.Fail(string.IsNullOrWhiteSpace(options.TokenEncryptionKey)
                ? "Sentry:TokenEncryptionKey is required (environment variable Sentry__TokenEncryptionKey): base64 of 32 random bytes (e.g. `openssl rand -base64 32`), the same on every silo; installation tokens are encrypted with it at rest."
                : "Sentry:TokenEncryptionKey must be base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`).");
        }

        if (options.PreviousTokenEncryptionKeys.Any(key => TokenProtector.ParseKey(key) is null))
        {
            return ValidateOptionsResult.Fail("Every Sentry:PreviousTokenEncryptionKeys entry must be base64 of exactly 32 bytes.");
        }

        if (!environment.IsDevelopment()
            && (options.TokenEncryptionKey == SentryOptions.DevelopmentTokenEncryptionKey
                || options.PreviousTokenEncryptionKeys.Contains(SentryOptions.DevelopmentTokenEncryptionKey)))
        {
            return ValidateOptionsResult.Fail(
                $"Sentry:TokenEncryptionKey is the development key, which is only accepted in the Development environment (this is '{environment.EnvironmentName}'). Set Sentry__TokenEncryptionKey to a key of your own (`openssl rand -base64 32`).");
        }

        if (options.TokenRefreshSkew < TimeSpan.Zero || options.TokenRefreshSkew > TimeSpan.FromHours(4))
        {
            return ValidateOptionsResult.Fail("Sentry:TokenRefreshSkew must be between 00:00:00 and 04:00:00 (Sentry's tokens live 8 hours).");
        }

        if (options.RequestTimeout < TimeSpan.FromSeconds(1) || options.RequestTimeout > TimeSpan.FromMinutes(5))
        {
            return ValidateOptionsResult.Fail("Sentry:RequestTimeout must be between 00:00:01 and 00:05:00.");
        }

        return ValidateOptionsResult.Success;
    }
}
