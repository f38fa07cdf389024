using System.Diagnostics;

namespace Sentry.Grains.Telemetry;

/// <summary>The <c>Sentry.Grains</c> activity source: one span per webhook, started by the host.</summary>
public static class SentryGrainsActivitySource
{
    public const string Name = "Sentry.Grains";

    public static ActivitySource Instance { get; } = new(Name);
}
