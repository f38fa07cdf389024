using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sentry.Grains.Installations;
using Sentry.Grains.Seer;
using Sentry.Grains.SentryApi;
using Sentry.Grains.Storage;
using Sentry.Grains.Telemetry;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains;

/// <summary>Registers what the grains and the webhook router need.</summary>
public static class GrainsServiceCollectionExtensions
{
    public static IServiceCollection AddSentryGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SeerOptions>().Bind(configuration.GetSection(SeerOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SentryOptions>().Bind(configuration.GetSection(SentryOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<WebhookRouter>();
        services.AddStoredStateSerializer();
        services.AddSingleton<StoredStates>();
        services.AddMetrics();
        services.TryAddSingleton<SentryGrainsMetrics>();
        services.AddSingleton<TokenProtector>();
        services.AddSentryApiClient();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// The typed <see cref="SentryApiClient"/>: base address <c>Sentry:BaseUrl</c>, timeout <c>Sentry:RequestTimeout</c>.
    /// Grain activations hold their client for long, so connections are recycled every few minutes (DNS changes are seen)
    /// instead of the handler being rotated underneath them.
    /// </summary>
    private static void AddSentryApiClient(this IServiceCollection services) =>
        services.AddHttpClient<SentryApiClient>((provider, http) =>
            {
                var sentry = provider.GetRequiredService<IOptions<SentryOptions>>().Value;
                var baseUrl = sentry.BaseUrl.AbsoluteUri;
                http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
                http.Timeout = sentry.RequestTimeout;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
}
