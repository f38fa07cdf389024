using System.ComponentModel.DataAnnotations;

namespace Sentry.Grains.Silo.Configuration;

/// <summary>The webhook endpoint's limits. Configuration section <c>Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>Bodies larger than this are refused with 413 before they are read whole.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
}
