namespace Sentry.Grains.Reconciliation;

/// <summary>Why an issue is reconciled: the three triggers, and the troubles that ask for one.</summary>
public enum ReconcileReason
{
    /// <summary><c>POST /api/issues/{id}/reconcile</c>.</summary>
    OnDemand,

    /// <summary>The periodic sweep of issues updated within <c>Reconcile:SweepWindow</c>.</summary>
    Sweep,

    /// <summary>A webhook about the issue was answered 503: the state may lack it (Sentry retries only 3 times).</summary>
    Unavailable,

    /// <summary>A webhook about the issue arrived while this silo was not ready (starting, stopping, not an active member).</summary>
    NotReady,

    /// <summary>A webhook about the issue carried a Sentry-Hook-Timestamp beyond <c>Webhooks:MaxClockSkew</c>.</summary>
    UntrustedTimestamp,

    /// <summary>A webhook about the issue carried a body applied before, outside the delivery window: a replay.</summary>
    ReplayedBody,
}

/// <summary>The names of <see cref="ReconcileReason"/> in metrics, logs and answers.</summary>
public static class ReconcileReasons
{
    public static string Name(this ReconcileReason reason) => reason switch
    {
        ReconcileReason.OnDemand => "on_demand",
        ReconcileReason.Sweep => "sweep",
        ReconcileReason.Unavailable => "unavailable",
        ReconcileReason.NotReady => "not_ready",
        ReconcileReason.UntrustedTimestamp => "untrusted_timestamp",
        _ => "replayed_body",
    };
}
