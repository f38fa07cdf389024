using Sentry.Grains.Silo;
using Sentry.Grains.Silo.Database;

if (ApplySchemaCommand.IsRequested(args))
{
    return await ApplySchemaCommand.RunAsync(args);
}

var app = SentryGrainsApp.Build(args);
await app.RunAsync();
return 0;
