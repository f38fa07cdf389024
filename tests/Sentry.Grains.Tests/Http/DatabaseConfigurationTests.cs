using Microsoft.Extensions.Options;
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
}
