using Sentry.Grains.ReadModel;
using Sentry.Grains.Storage;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.MetricAlerts;

/// <summary>One metric alert: load, decide through <see cref="MetricAlertRules"/>, write once, answer.</summary>
public sealed class MetricAlertGrain : Grain, IMetricAlertGrain
{
    public const string StateName = "metricAlert";

    private readonly StoredState<MetricAlertHead> stored;
    private readonly MetricAlertModel model;

    public MetricAlertGrain([PersistentState(StateName)] IPersistentState<MetricAlertHead> state, StoredStates states)
    {
        stored = states.For(state, this, StateName);
        model = new MetricAlertModel(
            this.GetPrimaryKeyString(),
            () => stored.Head,
            stored.Deliveries(h => h.Deliveries),
            stored.Log("transitions", MetricAlertModel.TransitionLimits, h => h.Transitions),
            states.Retention);
        stored.PublishesFrom(h => h.Outbox, h => h.Version, () => Task.FromResult<ReadModelRow>(MetricAlertModel.Row(model.Key, stored.Head)));
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken) => stored.ResumePublishingAsync();

    public async Task<WebhookOutcome> ApplyAsync(MetricAlertChanged change)
    {
        await model.LoadAsync();
        var outcome = MetricAlertRules.Apply(model, change);
        if (outcome == WebhookOutcome.Applied)
        {
            await stored.CommitAsync();
        }
        else
        {
            await stored.PublishAsync();
        }

        return outcome;
    }

    public async Task<MetricAlertSnapshot?> GetAsync()
    {
        await model.LoadAsync();
        return MetricAlertMapping.ToSnapshot(this.GetPrimaryKeyString(), model);
    }
}
