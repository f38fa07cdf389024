using System.Diagnostics.Metrics;
using Sentry.Grains.Telemetry;

namespace Sentry.Grains.Reconciliation;

/// <summary>The reconciliation's instruments, on the service's <c>Sentry.Grains</c> meter.</summary>
public sealed class ReconcileMetrics
{
    private readonly Counter<long> drift;
    private readonly Counter<long> runs;
    private readonly Counter<long> requests;
    private readonly Counter<long> afterTrouble;
    private readonly Histogram<double> budgetWait;

    public ReconcileMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(SentryGrainsMetrics.MeterName);
        drift = meter.CreateCounter<long>(
            "sentry_grains.reconcile.drift", "{field}", "Fields found different from Sentry's API and set to Sentry's answer, tagged field.");
        runs = meter.CreateCounter<long>(
            "sentry_grains.reconcile.runs", "{issue}", "Issues reconciled with Sentry's API, tagged reason (on_demand, sweep, unavailable, not_ready, untrusted_timestamp, replayed_body) and outcome.");
        requests = meter.CreateCounter<long>(
            "sentry_grains.reconcile.requests", "{request}", "Reads of Sentry's API by the reconciliation, tagged endpoint (issue, autofix, notes) and outcome (ok, not_found, refused, rate_limited, failed).");
        afterTrouble = meter.CreateCounter<long>(
            "sentry_grains.reconcile.after_trouble", "{request}", "Reconciliations asked for after trouble, tagged reason and outcome (queued, merged into a queued one, dropped when the queue is full).");
        budgetWait = meter.CreateHistogram<double>(
            "sentry_grains.reconcile.budget_wait", "s", "Time a read waited for its organization's budget, when the budget did not allow it at once.");
    }

    public void Drift(string field) => drift.Add(1, new KeyValuePair<string, object?>("field", field));

    public void Reconciled(ReconcileReason reason, ReconcileOutcome outcome) =>
        runs.Add(1, new KeyValuePair<string, object?>("reason", reason.Name()), new KeyValuePair<string, object?>("outcome", OutcomeName(outcome)));

    public void Request(string endpoint, string outcome) =>
        requests.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("outcome", outcome));

    public void AfterTrouble(ReconcileReason reason, string outcome) =>
        afterTrouble.Add(1, new KeyValuePair<string, object?>("reason", reason.Name()), new KeyValuePair<string, object?>("outcome", outcome));

    public void BudgetWaited(TimeSpan wait) => budgetWait.Record(Math.Max(0, wait.TotalSeconds));

    /// <summary>The snake_case name of an outcome (metric tags, answers).</summary>
    public static string OutcomeName(ReconcileOutcome outcome) => outcome switch
    {
        ReconcileOutcome.Unchanged => "unchanged",
        ReconcileOutcome.Changed => "changed",
        ReconcileOutcome.DeletedInSentry => "deleted_in_sentry",
        ReconcileOutcome.NotFound => "not_found",
        ReconcileOutcome.Skipped => "skipped",
        ReconcileOutcome.NotInstalled => "not_installed",
        ReconcileOutcome.TokenRefused => "token_refused",
        ReconcileOutcome.Deferred => "deferred",
        ReconcileOutcome.Raced => "raced",
        _ => "failed",
    };
}
