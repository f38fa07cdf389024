using System.ComponentModel.DataAnnotations;

namespace Sentry.Grains.Silo.Database;

/// <summary>
/// The PostgreSQL database the Orleans ADO.NET providers use: which connection the schema is applied
/// to and the readiness check's patience. Configuration section <c>Database</c>.
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>
    /// The connection string name (<c>ConnectionStrings:&lt;name&gt;</c>) the schema is applied to.
    /// Default: the connection of the first AdoNet provider (Clustering, then GrainStorage, then Reminders).
    /// </summary>
    public string? ConnectionName { get; set; }

    /// <summary>Apply the schema (idempotently, under an advisory lock) before the silo starts.</summary>
    public bool ApplySchemaOnStart { get; set; }

    /// <summary>How long <c>/health/ready</c> waits for the database before it reports it unreachable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long one migration may run.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MigrationTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
