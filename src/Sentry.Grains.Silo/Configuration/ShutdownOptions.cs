using System.ComponentModel.DataAnnotations;

namespace Sentry.Grains.Silo.Configuration;

/// <summary>Graceful shutdown (SIGTERM). Configuration section <c>Shutdown</c>.</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "Shutdown";

    /// <summary>
    /// After SIGTERM, <c>/health/ready</c> fails at once but the service keeps taking requests this long,
    /// so a load balancer notices and stops sending before the listener closes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Then, at most this long to finish requests in flight, deactivate the grains and leave the
    /// membership table (the host's shutdown timeout is <see cref="DrainDelay"/> plus this).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
