using Sentry.Grains.Silo;

var app = SentryGrainsApp.Build(args);
await app.RunAsync();
