using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Seer;

/// <summary>One Seer autofix run, keyed by <c>data.run_id</c>.</summary>
[Alias("sentry.ISeerRunGrain")]
public interface ISeerRunGrain : IGrainWithStringKey
{
    [Alias("Apply")]
    Task<WebhookOutcome> ApplyAsync(SeerEventReceived received);

    /// <summary>Fills the stages, pull requests and status the autofix state shows and the run lacks (marked reconciled).</summary>
    [Alias("Reconcile")]
    Task<SeerRunReconcileResult> ReconcileAsync(SeerRunReconciled reconciled);

    /// <summary>The run, or null if never seen.</summary>
    [Alias("Get")]
    Task<SeerRunSnapshot?> GetAsync();
}
