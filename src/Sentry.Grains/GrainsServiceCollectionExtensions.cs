using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Sentry.Grains.Installations;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Reconciliation;
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
        services.AddSingleton<GrainReferences>();
        services.AddSingleton<WebhookRouter>();
        services.AddStoredStateSerializer();
        services.AddSingleton<StoredStates>();
        services.TryAddSingleton<IReadModelStore, InMemoryReadModelStore>();
        services.AddSingleton<ChangePublisher>();
        services.AddSingleton<ChangeSignal>();
        services.AddHostedService(provider => provider.GetRequiredService<ChangeSignal>());
        services.AddHostedService<LegacyInstallationImport>();
        services.AddMetrics();
        services.TryAddSingleton<SentryGrainsMetrics>();
        services.AddSingleton<TokenProtector>();
        services.AddSentryApiClient();
        services.AddReconciliation(configuration);
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// The typed <see cref="SentryApiClient"/>, base address <c>Sentry:BaseUrl</c>, with its own resilience pipeline
    /// (<see cref="SentryResilience"/>) in place of the one the service defaults give every HttpClient: that one caps
    /// every attempt at 10 s whatever <c>Sentry:RequestTimeout</c> says and shares one circuit breaker between all
    /// clients. Here <c>Sentry:RequestTimeout</c> bounds each call, on the host's <see cref="TimeProvider"/>.
    /// Grain activations hold their client for long, so connections are recycled every few minutes (DNS changes are
    /// seen) instead of the handler being rotated underneath them.
    /// </summary>
    /// <remarks>
    /// The removal takes out the handlers registered before it, so the host adds its service defaults before the
    /// grains (<c>SentryGrainsApp.Build</c>); <c>SentryRequestTimeoutTests</c> fails if that order is ever swapped.
    /// </remarks>
    private static void AddSentryApiClient(this IServiceCollection services)
    {
        var client = services.AddHttpClient<SentryApiClient>((provider, http) =>
            {
                var baseUrl = provider.GetRequiredService<IOptions<SentryOptions>>().Value.BaseUrl.AbsoluteUri;
                http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
                http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeouts bound each call
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        // Experimental, but the documented way to give one client a pipeline of its own instead of the defaults'.
        // The package version is pinned centrally, so it cannot change underneath us.
#pragma warning disable EXTEXP0001
        client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        client.AddStandardResilienceHandler()
            .Configure((resilience, provider) =>
                SentryResilience.Configure(resilience, provider.GetRequiredService<IOptions<SentryOptions>>().Value.RequestTimeout));
    }
}
