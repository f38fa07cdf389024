using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Sentry.Grains.Silo;

namespace Sentry.Grains.Tests.Http;

/// <summary>An AdoNet provider Orleans would fail on later, less clearly, stops the start with a message naming the setting.</summary>
public sealed class DatabaseConfigurationTests
{
    [Theory]
    [InlineData("--Orleans:Clustering:ConnectionName=orleansdb", "Orleans:Clustering:Invariant is required with ProviderType=AdoNet")]
    [InlineData("--Orleans:Clustering:Invariant=Npgsql", "Orleans:Clustering needs a connection: set Orleans:Clustering:ConnectionName=<name>")]
    [InlineData("--Orleans:Clustering:Invariant=Npgsql --Orleans:Clustering:ConnectionName=missing", "ConnectionStrings:missing is not set (environment variable ConnectionStrings__missing)")]
    [InlineData("--Orleans:Clustering:Invariant=System.Data.SqlClient --Orleans:Clustering:ConnectionString=x", "must be 'Npgsql'")]
    public void Refuses_to_start_with_an_incomplete_AdoNet_provider(string settings, string message)
    {
        string[] args =
        [
            "--environment=Production",
            "--urls=http://127.0.0.1:0",
            "--Sentry:ClientSecret=test-secret",
            "--Orleans:Clustering:ProviderType=AdoNet",
            .. settings.Split(' '),
        ];

        var error = Assert.Throws<OptionsValidationException>(() => SentryGrainsApp.Build(args));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Database=orleans", 20, true)]
    [InlineData("Host=127.0.0.1;Database=orleans;Max Auto Prepare=0;No Reset On Close=false", 0, false)]
    [InlineData("Host=127.0.0.1;Database=orleans;maxautoprepare=5", 5, true)]
    public void PostgreSQL_connections_prepare_statements_and_keep_them_unless_the_connection_string_says_otherwise(string connectionString, int maxAutoPrepare, bool noResetOnClose)
    {
        string[] args =
        [
            "--environment=Production",
            "--urls=http://127.0.0.1:0",
            "--Sentry:ClientSecret=test-secret",
            "--Orleans:Clustering:ProviderType=AdoNet",
            "--Orleans:Clustering:Invariant=Npgsql",
            "--Orleans:Clustering:ConnectionName=orleansdb",
            $"--ConnectionStrings:orleansdb={connectionString}",
        ];

        using var app = SentryGrainsApp.Build(args);

        var used = new Npgsql.NpgsqlConnectionStringBuilder(app.Services.GetRequiredService<IOptions<AdoNetClusteringSiloOptions>>().Value.ConnectionString);
        Assert.Equal(maxAutoPrepare, used.MaxAutoPrepare);
        Assert.Equal(noResetOnClose, used.NoResetOnClose);
        Assert.Equal("orleans", used.Database);
    }
}
