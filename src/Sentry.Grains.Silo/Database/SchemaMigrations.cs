namespace Sentry.Grains.Silo.Database;

/// <summary>
/// The migrations this binary carries: <c>deploy/postgresql/*.sql</c>, embedded as resources
/// <c>Sentry.Grains.Silo.Schema.&lt;file&gt;</c> (see the csproj), in version order.
/// </summary>
public static class SchemaMigrations
{
    /// <summary>The Orleans version whose ADO.NET contract the migrations satisfy (recorded with each migration).</summary>
    public const string OrleansVersion = "10.4.2";

    private const string ResourcePrefix = "Sentry.Grains.Silo.Schema.";

    private static readonly Lazy<IReadOnlyList<SchemaMigration>> Embedded = new(Load);

    public static IReadOnlyList<SchemaMigration> All => Embedded.Value;

    private static IReadOnlyList<SchemaMigration> Load()
    {
        var assembly = typeof(SchemaMigrations).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return SchemaMigration.FromFile(n[ResourcePrefix.Length..], reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();

        if (migrations.Count == 0)
        {
            throw new InvalidOperationException("No schema migrations are embedded in this binary (deploy/postgresql/*.sql).");
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations have the number {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        }

        return migrations;
    }
}
