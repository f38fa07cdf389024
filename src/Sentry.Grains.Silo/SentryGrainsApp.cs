using System.Text.Json;
using System.Text.Json.Serialization;
using Sentry.Grains.Silo.Api;
using Sentry.Grains.Silo.Configuration;
using Sentry.Grains.Silo.Health;
using Sentry.Grains.Silo.Webhooks;

namespace Sentry.Grains.Silo;

/// <summary>Builds the whole service: used by Program.cs and by tests that start it on 127.0.0.1.</summary>
public static class SentryGrainsApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddSentryGrainsSilo();
        builder.AddSentryWebhooks();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        builder.Services.AddSentryGrainsHealthChecks(builder.Configuration);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapSentryGrainsHealth();
        app.MapSentryWebhooks();
        app.MapSentryGrainsApi();
        return app;
    }
}
