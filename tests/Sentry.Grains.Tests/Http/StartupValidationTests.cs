using Microsoft.Extensions.Options;
using Sentry.Grains.Silo;
using Sentry.Grains.SentryApi;

namespace Sentry.Grains.Tests.Http;

/// <summary>Outside Development the service refuses to start without a real client secret, naming the setting.</summary>
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

        await using var app = SentryGrainsApp.Build([.. args]);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
