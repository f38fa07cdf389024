using System.Text.Json;
using System.Text.Json.Serialization;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Silo.Api;
using Sentry.Grains.Silo.ReadModel;
using Sentry.Grains.Silo.Configuration;
using Sentry.Grains.Silo.Database;
using Sentry.Grains.Silo.Dashboard;
using Sentry.Grains.Silo.Health;
using Sentry.Grains.Silo.Webhooks;
using Sentry.Grains.Telemetry;

namespace Sentry.Grains.Silo;

/// <summary>Builds the whole service: used by Program.cs and by tests that start it on 127.0.0.1.</summary>
public static class SentryGrainsApp
{
    /// <param name="args">Command-line arguments (configuration: <c>--Key=Value</c>).</param>
    /// <param name="configure">Tests only: a last change to the builder (e.g. a log capture); Program.cs passes nothing.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings*.json are read from beside the binary, whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        ConnectionDefaults.Apply(builder.Configuration);
        builder.AddServiceDefaults();
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(SentryGrainsMetrics.MeterName))
            .WithTracing(tracing => tracing.AddSource(SentryGrainsActivitySource.Name));
        builder.AddSentryGrainsReadModel();
        builder.AddSentryGrainsSilo();
        builder.AddSentryWebhooks();
        builder.AddSentryGrainsApi();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new SeerStageJsonConverter());
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        builder.Services.AddSentryGrainsHealthChecks(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapDefaultEndpoints();
        app.MapOpenApi();
        app.MapSentryWebhooks();
        app.MapSentryGrainsApi();
        app.MapSentryGrainsDashboard();
        return app;
    }
}
