using Sentry.Grains.AppHost;
using Sentry.Grains.Aspire;

// PostgreSQL (a local server, an existing one, or a container: PostgresSettings), and the Silo as N replicas
// of one Orleans cluster whose clustering, grain storage and reminders live in that database. Names, ids
// and settings come from AppHostContract; AppHostTests runs this AppHost and checks what a replica gets.
var builder = DistributedApplication.CreateBuilder(args);
var postgres = PostgresSettings.From(builder.Configuration, builder.ExecutionContext);
var silos = SiloSettings.From(builder.Configuration, builder.ExecutionContext);

var database = OrleansDatabase.Add(builder, postgres);
var storage = new AdoNetProvider(database.Database);
var orleans = builder.AddOrleans(AppHostContract.OrleansResource)
    .WithClusterId(AppHostContract.ClusterId)
    .WithServiceId(AppHostContract.ServiceId)
    .WithClustering(storage)
    .WithGrainStorage(AppHostContract.GrainStorage, storage)
    .WithReminders(storage);

// Local defaults for the parameters are in appsettings.Development.json (the Silo's development values);
// user secrets, environment (Parameters__api-key) or --Parameters:api-key=... override them.
var clientId = builder.AddParameter(AppHostContract.ClientIdParameter);
var clientSecret = builder.AddParameter(AppHostContract.ClientSecretParameter, secret: true);
var tokenEncryptionKey = builder.AddParameter(AppHostContract.TokenEncryptionKeyParameter, secret: true);
var apiKey = builder.AddParameter(AppHostContract.ApiKeyParameter, secret: true);

var silo = builder.AddProject<Projects.Sentry_Grains_Silo>(AppHostContract.SiloResource)
    .WithReference(orleans)
    .WithReplicas(silos.Replicas)
    .WithEnvironment("ASPNETCORE_ENVIRONMENT", silos.Environment)
    .WithEnvironment("DOTNET_ENVIRONMENT", silos.Environment)
    .WithEnvironment("Database__ApplySchemaOnStart", "true")
    .WithEnvironment("Sentry__ClientId", clientId)
    .WithEnvironment("Sentry__ClientSecret", clientSecret)
    .WithEnvironment("Sentry__TokenEncryptionKey", tokenEncryptionKey)
    .WithEnvironment("Api__Keys__0", apiKey)
    .WithHttpHealthCheck(AppHostContract.SiloReadyPath)
    .WithUrlForEndpoint(AppHostContract.SiloHttpEndpoint, _ => new ResourceUrlAnnotation { Url = AppHostContract.OrleansDashboardPath, DisplayText = "Orleans dashboard" });

if (builder.ExecutionContext.IsRunMode)
{
    // Every replica runs on this machine: silo-to-silo and gateway traffic stays on the loopback interface.
    silo.WithEnvironment("Orleans__Endpoints__AdvertisedIPAddress", "127.0.0.1");
}

if (silos.HttpPort is { } httpPort)
{
    silo.WithEndpoint(AppHostContract.SiloHttpEndpoint, endpoint => endpoint.Port = httpPort);
}

if (database.WaitFor is { } server)
{
    silo.WaitFor(server);
}

builder.Build().Run();
