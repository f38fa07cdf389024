using System.Text.Json;
using Sentry.Grains.Aspire;
using Sentry.Grains.SentryApi;

namespace Sentry.Grains.Tests.Aspire;

/// <summary>
/// The AppHost's publish manifest (<c>--publisher manifest</c>) for the machines that deploy it: the container
/// mode (PostgreSQL container with a data volume, which cannot run here) and an existing server. The silos get
/// the ADO.NET providers of the contract, the stable ids and the parameters, and no development secret or
/// local-machine setting is published.
/// </summary>
public sealed class AppHostManifestTests
{
    [Fact]
    public void Container_mode_publishes_postgres_with_a_data_volume_and_the_silos_on_its_database()
    {
        var resources = AppHostManifest.Publish($"--{AppHostContract.Settings.PostgresMode}=Container");

        var postgres = resources.GetProperty(AppHostContract.PostgresResource);
        Assert.Equal("container.v0", postgres.GetProperty("type").GetString());
        Assert.Contains("postgres", postgres.GetProperty("image").GetString(), StringComparison.Ordinal);
        Assert.Equal("/var/lib/postgresql", Assert.Single(postgres.GetProperty("volumes").EnumerateArray()).GetProperty("target").GetString());

        var database = resources.GetProperty(AppHostContract.DatabaseResource);
        Assert.Equal(
            $"{{{AppHostContract.PostgresResource}.connectionString}};Database={AppHostContract.DatabaseName}",
            database.GetProperty("connectionString").GetString());

        AssertSilo(resources);
    }

    [Fact]
    public void Connection_string_mode_publishes_no_server_only_the_connection_string_the_silos_use()
    {
        var resources = AppHostManifest.Publish($"--{AppHostContract.Settings.PostgresMode}=ConnectionString");

        Assert.False(resources.TryGetProperty(AppHostContract.PostgresResource, out _));
        var database = resources.GetProperty(AppHostContract.DatabaseResource);
        Assert.Equal("parameter.v0", database.GetProperty("type").GetString());
        Assert.True(database.GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean());

        AssertSilo(resources);
    }

    private static void AssertSilo(JsonElement resources)
    {
        var silo = resources.GetProperty(AppHostContract.SiloResource);
        Assert.Equal("project.v0", silo.GetProperty("type").GetString());
        var env = silo.GetProperty("env").EnumerateObject().ToDictionary(v => v.Name, v => v.Value.GetString()!, StringComparer.Ordinal);

        foreach (var (name, value) in AppHostContract.ProviderEnvironment)
        {
            Assert.True(env.TryGetValue(name, out var published) && published == value, $"{name}: '{published}', expected '{value}'");
        }

        Assert.Equal($"{{{AppHostContract.DatabaseResource}.connectionString}}", env[$"ConnectionStrings__{AppHostContract.DatabaseResource}"]);
        Assert.Equal(AppHostContract.ClusterId, env["Orleans__ClusterId"]);
        Assert.Equal(AppHostContract.ServiceId, env["Orleans__ServiceId"]);
        Assert.Equal("{silo.bindings.orleans-silo.targetPort}", env["Orleans__Endpoints__SiloPort"]);
        Assert.Equal("{silo.bindings.orleans-gateway.targetPort}", env["Orleans__Endpoints__GatewayPort"]);
        Assert.Equal("Production", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.False(env.ContainsKey("Orleans__Endpoints__AdvertisedIPAddress"), "a deployment must not advertise the loopback address");

        var parameters = new Dictionary<string, string>
        {
            ["Sentry__ClientId"] = AppHostContract.ClientIdParameter,
            ["Sentry__ClientSecret"] = AppHostContract.ClientSecretParameter,
            ["Sentry__TokenEncryptionKey"] = AppHostContract.TokenEncryptionKeyParameter,
            ["Api__Keys__0"] = AppHostContract.ApiKeyParameter,
        };
        foreach (var (variable, parameter) in parameters)
        {
            Assert.Equal($"{{{parameter}.value}}", env[variable]);
            var input = resources.GetProperty(parameter).GetProperty("inputs").GetProperty("value");
            Assert.False(input.TryGetProperty("default", out _), $"{parameter} publishes a default value");
            Assert.Equal(parameter != AppHostContract.ClientIdParameter, input.TryGetProperty("secret", out var secret) && secret.GetBoolean());
        }

        var text = resources.GetRawText();
        Assert.DoesNotContain(SentryOptions.DevelopmentClientSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(SentryOptions.DevelopmentTokenEncryptionKey, text, StringComparison.Ordinal);
    }
}
