using System.ComponentModel.DataAnnotations;

namespace Sentry.Grains.Reconciliation;

/// <summary>
/// The reconciliation with Sentry's API: when it runs and how much of Sentry's budget it may use. Configuration
/// section <c>Reconcile</c>, validated at start.
/// </summary>
public sealed class ReconcileOptions
{
    public const string SectionName = "Reconcile";

    /// <summary>False: no periodic sweep (the on-demand and after-trouble reconciliations still run).</summary>
    public bool SweepEnabled { get; set; } = true;

    /// <summary>How often the sweep runs (a durable reminder on one grain: once per cluster).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The sweep reconciles the issues this service changed within this window.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan SweepWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Issues the sweep reconciles at the same time (each still waits for its organization's budget).</summary>
    [Range(1, 64)]
    public int SweepConcurrency { get; set; } = 2;

    /// <summary>
    /// Requests per second one organization's reads may take, all endpoints together (issue, autofix, notes): a share
    /// of Sentry's 5 per second on issue details, which the organization's own people use too.
    /// </summary>
    [Range(0.01, 1000)]
    public double RequestsPerSecond { get; set; } = 2;

    /// <summary>Requests an idle organization may send at once before the pace applies (1: always spread).</summary>
    [Range(1, 100)]
    public int Burst { get; set; } = 1;

    /// <summary>A reconciliation waits at most this long for its organization's budget; beyond it, it is deferred.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxBudgetWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After a 429 with neither <c>Retry-After</c> nor <c>X-Sentry-Rate-Limit-Reset</c>, no call before this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long after trouble (a 503, an untrusted timestamp, ...) its issue is reconciled: troubles of one issue collapse into one.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan AfterTroubleDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Issues waiting for a reconciliation after trouble, at most (per silo); beyond it requests are dropped (logged, counted).</summary>
    [Range(1, 1_000_000)]
    public int AfterTroubleQueueLimit { get; set; } = 10_000;

    /// <summary>Also read Seer's autofix state of each issue and fill its run (one more request per issue).</summary>
    public bool ReadAutofix { get; set; } = true;

    /// <summary>After Sentry refused an installation's token (401/403), reads for it wait this long, doubling per refusal up to an hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RefusedTokenBackoff { get; set; } = TimeSpan.FromMinutes(1);
}
