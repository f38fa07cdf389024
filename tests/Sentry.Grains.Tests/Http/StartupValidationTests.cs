using Microsoft.Extensions.Options;
using Sentry.Grains.SentryApi;
using Sentry.Grains.Silo;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Http;

/// <summary>Outside Development the service refuses to start without real secrets and keys, naming the setting.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Production", null, "Sentry:ClientSecret is required")]
    [InlineData("Production", SentryOptions.DevelopmentClientSecret, "only accepted in the Development environment")]
    [InlineData("Staging", SentryOptions.DevelopmentClientSecret, "only accepted in the Development environment")]
    public async Task Refuses_to_start(string environment, string? secret, string message)
    {
        List<string> args = [$"--environment={environment}", "--urls=http://127.0.0.1:0"];
        if (secret is not null)
        {
            args.Add($"--Sentry:ClientSecret={secret}");
        }

        Assert.Contains(message, await StartFailureAsync([.. args]), StringComparison.Ordinal);
    }

    public static TheoryData<string, string[], string> Missing => new()
    {
        { "Production", ["Sentry:TokenEncryptionKey="], "Sentry:TokenEncryptionKey is required" },
        { "Production", [$"Sentry:TokenEncryptionKey={SentryOptions.DevelopmentTokenEncryptionKey}"], "Sentry:TokenEncryptionKey is the development key" },
        { "Production", ["Sentry:TokenEncryptionKey=dG9vIHNob3J0"], "Sentry:TokenEncryptionKey must be base64 of exactly 32 bytes" },
        { "Production", ["Sentry:PreviousTokenEncryptionKeys:0=bm9wZQ=="], "Every Sentry:PreviousTokenEncryptionKeys entry" },
        { "Production", ["Sentry:ClientId="], "Sentry:ClientId is required" },
        { "Production", ["Api:Keys:0="], "Api:Keys is required outside Development" },
        { "Staging", ["Api:Keys:0="], "Api:Keys is required outside Development" },
        { "Production", ["Api:Keys:0=short"], "at least 16 characters" },
        { "Development", ["Api:Keys:0=short"], "at least 16 characters" },
        { "Production", ["Sentry:TokenRefreshSkew=05:00:00"], "Sentry:TokenRefreshSkew must be between" },
    };

    /// <summary>A configuration that starts in Production, with one setting broken at a time.</summary>
    [Theory]
    [MemberData(nameof(Missing))]
    public async Task Refuses_to_start_without_a_usable_setting(string environment, string[] overrides, string message)
    {
        Dictionary<string, string> settings = new()
        {
            ["Sentry:ClientId"] = "client",
            ["Sentry:ClientSecret"] = "a-real-secret",
            ["Sentry:TokenEncryptionKey"] = GrainCluster.TokenEncryptionKey,
            ["Api:Keys:0"] = ServiceHost.ApiKey,
        };
        foreach (var setting in overrides)
        {
            var (key, value) = (setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            settings[key] = value;
        }

        string[] args = [$"--environment={environment}", "--urls=http://127.0.0.1:0", .. settings.Where(s => s.Value.Length > 0).Select(s => $"--{s.Key}={s.Value}")];
        Assert.Contains(message, await StartFailureAsync(args), StringComparison.Ordinal);
    }

    /// <summary>
    /// Starts the service expecting the options validation to refuse; returns what it said. Several refused
    /// option types at once come as an AggregateException of OptionsValidationExceptions.
    /// </summary>
    private static async Task<string> StartFailureAsync(string[] args)
    {
        await using var app = SentryGrainsApp.Build(args);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
        var failures = error is AggregateException aggregate ? aggregate.InnerExceptions : [error];
        Assert.All(failures, failure => Assert.IsType<OptionsValidationException>(failure));
        return string.Join(" | ", failures.Select(failure => failure.Message));
    }
}
