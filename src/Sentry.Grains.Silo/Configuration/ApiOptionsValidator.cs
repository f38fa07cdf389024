using Microsoft.Extensions.Options;

namespace Sentry.Grains.Silo.Configuration;

/// <summary>Refuses to start outside Development without an API key, and anywhere with a key too short to be a secret.</summary>
public sealed class ApiOptionsValidator(IHostEnvironment environment) : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        if (options.Keys.Length == 0 && !environment.IsDevelopment())
        {
            return ValidateOptionsResult.Fail(
                $"Api:Keys is required outside Development (this is '{environment.EnvironmentName}'): at least one key for the internal API, e.g. environment variable Api__Keys__0=$(openssl rand -hex 32).");
        }

        if (options.Keys.Any(key => string.IsNullOrWhiteSpace(key) || key.Trim().Length < ApiOptions.MinimumKeyLength))
        {
            return ValidateOptionsResult.Fail($"Every Api:Keys entry must be at least {ApiOptions.MinimumKeyLength} characters (e.g. `openssl rand -hex 32`).");
        }

        return ValidateOptionsResult.Success;
    }
}
