using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sentry.Grains.Silo.Database;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>Applies the service's schema migrations, as <c>--apply-schema</c> does.</summary>
public static class Schema
{
    public static SchemaMigrator Migrator() =>
        new(Options.Create(new DatabaseOptions()), TimeProvider.System, NullLogger<SchemaMigrator>.Instance);

    public static Task<SchemaApplyResult> ApplyAsync(string connectionString) =>
        Migrator().ApplyAsync(connectionString, CancellationToken.None);
}
