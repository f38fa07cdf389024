using Sentry.Grains.Aspire;

// PostgreSQL with one database, and the Silo project as three replicas of one Orleans cluster whose
// clustering, grain storage and reminders live in that database. Names and provider settings come
// from AppHostContract, which a test in tests/Sentry.Grains.Tests checks against a real silo.
var builder = DistributedApplication.CreateBuilder(args);

var clientId = builder.AddParameter(AppHostContract.ClientIdParameter);
var clientSecret = builder.AddParameter(AppHostContract.ClientSecretParameter, secret: true);
var tokenEncryptionKey = builder.AddParameter(AppHostContract.TokenEncryptionKeyParameter, secret: true);
var apiKey = builder.AddParameter(AppHostContract.ApiKeyParameter, secret: true);

var database = builder.AddPostgres("postgres")
    .WithDataVolume()
    .AddDatabase(AppHostContract.DatabaseResource);

// Cluster and service ids, silo and gateway endpoints. Not WithClustering(database): Aspire would
// emit ProviderType "PostgresDatabase", which Orleans does not have; the AdoNet keys are set below.
var orleans = builder.AddOrleans(AppHostContract.OrleansResource);

var silo = builder.AddProject<Projects.Sentry_Grains_Silo>(AppHostContract.SiloResource)
    .WithReference(orleans)
    .WithReference(database)
    .WaitFor(database)
    .WithReplicas(AppHostContract.Replicas)
    .WithEnvironment("Sentry__ClientId", clientId)
    .WithEnvironment("Sentry__ClientSecret", clientSecret)
    .WithEnvironment("Sentry__TokenEncryptionKey", tokenEncryptionKey)
    .WithEnvironment("Api__Keys__0", apiKey);

foreach (var (name, value) in AppHostContract.ProviderEnvironment)
{
    silo.WithEnvironment(name, value);
}

builder.Build().Run();
