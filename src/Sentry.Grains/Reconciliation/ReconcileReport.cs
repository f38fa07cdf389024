using Sentry.Grains.Issues;

namespace Sentry.Grains.Reconciliation;

/// <summary>What reconciling one issue with Sentry did.</summary>
public enum ReconcileOutcome
{
    /// <summary>The issue (and its Seer run) agreed with Sentry.</summary>
    Unchanged,

    /// <summary>Something differed; Sentry's answer was applied (see the changes).</summary>
    Changed,

    /// <summary>Sentry answered 404: the issue is marked deleted in Sentry.</summary>
    DeletedInSentry,

    /// <summary>No webhook about the issue was ever applied here.</summary>
    NotFound,

    /// <summary>Nothing to ask Sentry with: no installation known for the issue, or the issue is already deleted in Sentry.</summary>
    Skipped,

    /// <summary>The installation is pending, failed or deleted (or its token unavailable): Sentry was not called.</summary>
    NotInstalled,

    /// <summary>Sentry refused the installation's token (now or before, within its backoff): it needs attention.</summary>
    TokenRefused,

    /// <summary>The organization's budget (or Sentry's 429) does not allow a request before <see cref="ReconcileReport.RetryAt"/>.</summary>
    Deferred,

    /// <summary>Sentry's answer could not be had (timeout, 5xx, ...) or not applied.</summary>
    Failed,

    /// <summary>The issue changed while Sentry was asked (twice): nothing applied; the next reconciliation will.</summary>
    Raced,
}

/// <summary>The outcome, every field that differed (before and after), and when to try again if it was deferred.</summary>
public sealed record ReconcileReport(
    string IssueId,
    ReconcileReason Reason,
    ReconcileOutcome Outcome,
    IReadOnlyList<FieldDrift> Changes,
    DateTimeOffset? RetryAt = null,
    string? Detail = null)
{
    /// <summary>True when trying again later may do better (deferred, a transient failure, a race).</summary>
    public bool Retryable => Outcome is ReconcileOutcome.Deferred or ReconcileOutcome.Failed or ReconcileOutcome.Raced;
}
