using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sentry.Grains.Seer;
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
        services.AddSingleton<WebhookRouter>();
        services.AddMetrics();
        services.TryAddSingleton<SentryGrainsMetrics>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
