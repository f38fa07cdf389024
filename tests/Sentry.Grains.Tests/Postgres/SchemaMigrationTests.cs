using System.Reflection;
using Sentry.Grains.Silo.Database;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Postgres;

/// <summary>deploy/postgresql applied by the migrator: idempotent, safe with several silos at once, and what Orleans 10.4.2 needs.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SchemaMigrationTests
{
    private static readonly int MigrationCount = SchemaMigrations.All.Count;

    [Fact]
    public async Task Applied_twice_to_an_empty_database_the_second_run_changes_nothing()
    {
        var database = await PostgresServer.Instance.CreateDatabaseAsync(nameof(SchemaMigrationTests));

        var first = await Schema.ApplyAsync(database);
        Assert.Equal(SchemaMigrations.All.Select(m => m.Name), first.Applied);
        var schema = await DatabaseSnapshot.SchemaAsync(database);
        Assert.Contains("query WriteToStorageKey", schema, StringComparison.Ordinal);
        Assert.Contains("query CleanupDefunctSiloEntriesKey", schema, StringComparison.Ordinal);
        Assert.Contains("column orleansstorage.modifiedon timestamp with time zone", schema, StringComparison.Ordinal);

        var second = await Schema.ApplyAsync(database);
        Assert.Empty(second.Applied);
        Assert.Equal(MigrationCount, second.AlreadyApplied);
        Assert.Equal(schema, await DatabaseSnapshot.SchemaAsync(database));
    }

    [Fact]
    public async Task Applied_to_a_database_in_use_changes_neither_schema_nor_data()
    {
        var database = await PostgresServer.Instance.CreateDatabaseAsync(nameof(SchemaMigrationTests));
        await Schema.ApplyAsync(database);
        await using (var host = await ServiceHost.StartAsync(PostgresSettings.AsArguments(database, "schema-test", "sentry-grains")))
        {
            foreach (var fixture in new[] { "issue.created", "comment.created", "metric_alert.critical", "seer.root_cause_started", "installation.created" })
            {
                Assert.Equal("applied", await host.Webhooks.SendFixtureAsync(fixture));
            }
        }

        var schema = await DatabaseSnapshot.SchemaAsync(database);
        var rows = await DatabaseSnapshot.RowsAsync(database);
        // 5 webhooks, 7 grain states: the Seer run also links itself on its issue, the installation
        // also writes the installation index.
        Assert.StartsWith("storage 7 ", rows, StringComparison.Ordinal);

        Assert.Empty((await Schema.ApplyAsync(database)).Applied);
        Assert.Equal(schema, await DatabaseSnapshot.SchemaAsync(database));
        Assert.Equal(rows, await DatabaseSnapshot.RowsAsync(database));
    }

    [Fact]
    public async Task Several_silos_applying_at_once_to_an_empty_database_apply_each_migration_once()
    {
        var database = await PostgresServer.Instance.CreateDatabaseAsync(nameof(SchemaMigrationTests));

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Schema.ApplyAsync(database))));

        Assert.Equal(MigrationCount, results.Sum(r => r.Applied.Count));
        Assert.Equal(
            MigrationCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            await DatabaseSnapshot.ScalarAsync(database, "SELECT count(*) FROM sentry_grains_schema_version"));
    }

    [Fact]
    public async Task Two_silos_starting_at_once_with_ApplySchemaOnStart_on_an_empty_database_both_start_and_share_the_state()
    {
        var database = await PostgresServer.Instance.CreateDatabaseAsync(nameof(SchemaMigrationTests));
        string[] settings = [.. PostgresSettings.AsArguments(database, "apply-on-start", "sentry-grains"), "--Database:ApplySchemaOnStart=true"];

        var hosts = await Task.WhenAll(ServiceHost.StartAsync(settings), ServiceHost.StartAsync(settings));
        try
        {
            Assert.Equal("applied", await hosts[0].Webhooks.SendFixtureAsync("issue.created"));
            Assert.Equal("PYTHON-Y", (await hosts[1].Webhooks.GetJsonAsync("/api/issues/1234567890"))!.Value.GetProperty("issue").GetProperty("shortId").GetString());
            Assert.Equal(
                MigrationCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                await DatabaseSnapshot.ScalarAsync(database, "SELECT count(*) FROM sentry_grains_schema_version"));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task An_applied_migration_that_was_edited_is_refused()
    {
        var database = await PostgresServer.Instance.CreateDatabaseAsync(nameof(SchemaMigrationTests));
        await Schema.ApplyAsync(database);
        await DatabaseSnapshot.ExecuteAsync(database, "UPDATE sentry_grains_schema_version SET checksum = 'edited' WHERE version = 3");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Schema.ApplyAsync(database));
        Assert.Contains("0003_orleans_persistence was applied to this database with checksum edited", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_apply_schema_command_applies_with_the_services_configuration_and_exits_0()
    {
        var database = await PostgresServer.Instance.CreateDatabaseAsync(nameof(SchemaMigrationTests));
        string[] args = ["--apply-schema", "--environment=Production", .. PostgresSettings.AsArguments(database, "c", "s")];

        Assert.Equal(0, await ApplySchemaCommand.RunAsync(args));
        Assert.Equal(0, await ApplySchemaCommand.RunAsync(args));
        Assert.Equal(
            MigrationCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            await DatabaseSnapshot.ScalarAsync(database, "SELECT count(*) FROM sentry_grains_schema_version"));
    }

    [Fact]
    public async Task The_apply_schema_command_without_a_database_exits_1()
    {
        Assert.Equal(1, await ApplySchemaCommand.RunAsync(["--apply-schema", "--environment=Production"]));
    }

    [Fact]
    public void The_migrations_match_the_referenced_Orleans_version()
    {
        // e.g. "10.4.2. Commit Hash: ...": bumping Orleans must bring a review of deploy/postgresql.
        var informational = typeof(Orleans.Storage.AdoNetGrainStorage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        var referenced = new string([.. informational.TakeWhile(c => char.IsAsciiDigit(c) || c == '.')]).TrimEnd('.');
        Assert.Equal(SchemaMigrations.OrleansVersion, referenced);
    }
}
