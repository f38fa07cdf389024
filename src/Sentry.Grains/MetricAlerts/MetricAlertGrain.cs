using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sentry.Grains.Storage;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.MetricAlerts;

/// <summary>One metric alert: load, decide through <see cref="MetricAlertRules"/>, write once, answer.</summary>
public sealed class MetricAlertGrain(
    [PersistentState("metricAlert")] IPersistentState<MetricAlertState> state,
    IOptions<RetentionOptions> retention,
    ILogger<MetricAlertGrain> logger) : Grain, IMetricAlertGrain
{
    public async Task<WebhookOutcome> ApplyAsync(MetricAlertChanged change)
    {
        var outcome = MetricAlertRules.Apply(state.State, change, retention.Value);
        if (outcome == WebhookOutcome.Applied)
        {
            await state.WriteOrReloadAsync(this, logger);
        }

        return outcome;
    }

    public Task<MetricAlertSnapshot?> GetAsync() =>
        Task.FromResult(MetricAlertRules.ToSnapshot(this.GetPrimaryKeyString(), state.State));
}
