using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Seer;

/// <summary>One Seer autofix run, keyed by <c>data.run_id</c>.</summary>
[Alias("sentry.ISeerRunGrain")]
public interface ISeerRunGrain : IGrainWithStringKey
{
    [Alias("Apply")]
    Task<WebhookOutcome> ApplyAsync(SeerEventReceived received);

    /// <summary>The run, or null if never seen.</summary>
    [Alias("Get")]
    Task<SeerRunSnapshot?> GetAsync();
}
