using Microsoft.Extensions.Options;

namespace Sentry.Grains.Silo.Configuration;

/// <summary>
/// Refuses to start without a client secret; outside Development, also with the development secret.
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

        return ValidateOptionsResult.Success;
    }
}
