using Microsoft.Extensions.Options;
using Sentry.Grains.SentryApi;
using Sentry.Grains.Silo.Configuration;

namespace Sentry.Grains.Silo.Webhooks;

/// <summary>
/// <c>POST /webhooks/sentry</c>: Sentry's webhook URL. <see cref="WebhookHandler"/> does the work;
/// this maps it, and wraps each webhook in its span, a log scope carrying the Request-ID, and its metrics.
/// </summary>
public static class WebhookEndpoint
{
    public const string Path = "/webhooks/sentry";

    public static WebApplicationBuilder AddSentryWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(services => new WebhookSignature(services.GetRequiredService<IOptions<SentryOptions>>().Value.WebhookSecrets));
        builder.Services.AddSingleton<WebhookHandler>();
        builder.Services.AddSingleton<WebhookTelemetry>();
        builder.Services.AddSingleton<Health.SiloReadiness>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSentryWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, HandleAsync)
            .WithName("ReceiveSentryWebhook")
            .WithTags("Webhooks")
            .Produces<WebhookResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context,
        WebhookHandler handler,
        WebhookTelemetry telemetry,
        TimeProvider time,
        ILogger<WebhookHandler> logger,
        CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var headers = WebhookHeaders.Of(context.Request);
        using var span = WebhookTelemetry.StartSpan(headers.Resource, headers.RequestId);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = headers.RequestId, ["SentryHookResource"] = headers.Resource });

        var handled = await handler.HandleAsync(context.Request, headers, cancellationToken);
        telemetry.Record(span, headers.Resource, handled, time.GetElapsedTime(started));
        return handled.Result;
    }
}
