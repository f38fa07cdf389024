using Npgsql;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>What a database holds, as text to compare: its schema, the Orleans queries, the applied migrations and every row.</summary>
public static class DatabaseSnapshot
{
    private const string SchemaQuery = """
        SELECT string_agg(x, E'\n' ORDER BY x) FROM (
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(datetime_precision::text, '')
                   || ' ' || is_nullable || ' ' || coalesce(column_default, '')
            FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL
            SELECT 'function ' || p.oid::regprocedure::text || ' ' || md5(pg_get_functiondef(p.oid))
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
            UNION ALL
            SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL
            SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
            UNION ALL
            SELECT 'query ' || querykey || ' ' || md5(querytext) FROM orleansquery
            UNION ALL
            SELECT 'migration ' || version || ' ' || name || ' ' || checksum || ' ' || orleans_version || ' ' || applied_at
            FROM sentry_grains_schema_version
        ) s(x)
        """;

    private const string RowsQuery = """
        SELECT concat_ws(E'\n',
            'storage ' || (SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM orleansstorage t),
            'membership ' || (SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM orleansmembershiptable t),
            'versions ' || (SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM orleansmembershipversiontable t),
            'reminders ' || (SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM orleansreminderstable t))
        """;

    /// <summary>
    /// The SQL condition selecting state row <paramref name="stateName"/> of the grain with Sentry id <paramref name="key"/>.
    /// Orleans' ADO.NET storage keeps a string key made only of hex digits as the integer it spells in hex (<c>grainidn1</c>).
    /// </summary>
    public static string StateRow(string stateName, string key) =>
        $"graintypestring = '{stateName}' AND grainidextensionstring IS NULL AND grainidn1 = {Convert.ToInt64(key, 16)}";

    /// <summary>The stored bytes of state row <paramref name="stateName"/> of the grain with Sentry id <paramref name="key"/>.</summary>
    public static async Task<byte[]> PayloadAsync(string connectionString, string stateName, string key)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT payloadbinary FROM orleansstorage WHERE {StateRow(stateName, key)}", connection);
        return Assert.IsType<byte[]>(await command.ExecuteScalarAsync());
    }

    public static Task<string> SchemaAsync(string connectionString) => ScalarAsync(connectionString, SchemaQuery);

    public static Task<string> RowsAsync(string connectionString) => ScalarAsync(connectionString, RowsQuery);

    public static async Task<string> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
