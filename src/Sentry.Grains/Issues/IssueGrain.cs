using Sentry.Grains.Storage;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Issues;

/// <summary>
/// One Sentry issue. Every webhook method does the same four things: load (the head by Orleans, the logs when first
/// needed), decide through <see cref="IssueRules"/>, write once if applied, answer the outcome.
/// </summary>
public sealed class IssueGrain : Grain, IIssueGrain
{
    public const string StateName = "issue";

    private readonly StoredState<IssueHead> stored;
    private readonly IssueModel model;
    private readonly RetentionOptions retention;

    public IssueGrain([PersistentState(StateName)] IPersistentState<IssueHead> state, StoredStates states)
    {
        retention = states.Retention;
        stored = states.For(state, this, StateName);
        model = new IssueModel(
            this.GetPrimaryKeyString(),
            () => stored.Head,
            stored.Deliveries(h => h.Deliveries),
            stored.Log("comments", IssueModel.CommentLimits, h => h.Comments),
            stored.Log("events", IssueModel.EventLimits, h => h.Events),
            retention);
        stored.Reloaded += model.Reset;
        stored.PublishesFrom(h => h.Outbox);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        stored.ResumePublishing();
        return Task.CompletedTask;
    }

    public Task<WebhookOutcome> ApplyIssueAsync(IssueChanged change) => DecideAsync(() => IssueRules.Apply(model, change));

    public Task<WebhookOutcome> ApplyCommentAsync(CommentChanged change) => DecideAsync(() => IssueRules.Apply(model, change));

    public Task<WebhookOutcome> RecordEventAsync(IssueEventReceived received) => DecideAsync(() => IssueRules.Apply(model, received));

    public Task<WebhookOutcome> RecordActivityAsync(IssueActivityReceived received) => DecideAsync(() => IssueRules.Apply(model, received));

    public async Task LinkSeerRunAsync(IssueSeerRun run)
    {
        await model.LoadAsync();
        if (IssueRules.Link(model, run))
        {
            await stored.CommitAsync();
        }
    }

    public async Task<IssueSnapshot?> GetAsync()
    {
        if (!stored.Head.Exists)
        {
            return null;
        }

        await model.LoadAsync();
        return IssueMapping.ToSnapshot(this.GetPrimaryKeyString(), model, retention.RecentEvents);
    }

    private async Task<WebhookOutcome> DecideAsync(Func<WebhookOutcome> rule)
    {
        await model.LoadAsync();
        var outcome = rule();
        if (outcome == WebhookOutcome.Applied)
        {
            await stored.CommitAsync();
        }
        else
        {
            // A redelivery of a change whose publication failed (answered 503) publishes it now.
            await stored.PublishAsync();
        }

        return outcome;
    }
}
