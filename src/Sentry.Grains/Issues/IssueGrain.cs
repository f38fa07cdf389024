using Sentry.Grains.Reconciliation;
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
    private readonly ReconcileRequests reconcileRequests;

    public IssueGrain([PersistentState(StateName)] IPersistentState<IssueHead> state, StoredStates states, ReconcileRequests reconcileRequests)
    {
        retention = states.Retention;
        this.reconcileRequests = reconcileRequests;
        stored = states.For(state, this, StateName);
        model = new IssueModel(
            this.GetPrimaryKeyString(),
            () => stored.Head,
            stored.Deliveries(h => h.Deliveries),
            stored.Log("comments", IssueModel.CommentLimits, h => h.Comments),
            stored.Log("events", IssueModel.EventLimits, h => h.Events),
            retention);
        stored.Reloaded += model.Reset;
        stored.PublishesFrom(h => h.Outbox, h => h.Version, async () =>
        {
            await model.LoadAsync(); // the comment count
            return IssueReadModel.Row(model);
        });
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken) => stored.ResumePublishingAsync();

    public Task<WebhookOutcome> ApplyIssueAsync(IssueChanged change) => DecideAsync(change.Delivery, () => IssueRules.Apply(model, change));

    public Task<WebhookOutcome> ApplyCommentAsync(CommentChanged change) => DecideAsync(change.Delivery, () => IssueRules.Apply(model, change));

    public Task<WebhookOutcome> RecordEventAsync(IssueEventReceived received) => DecideAsync(received.Delivery, () => IssueRules.Apply(model, received));

    public Task<WebhookOutcome> RecordActivityAsync(IssueActivityReceived received) => DecideAsync(received.Delivery, () => IssueRules.Apply(model, received));

    public async Task LinkSeerRunAsync(IssueSeerRun run)
    {
        await model.LoadAsync();
        if (IssueRules.Link(model, run))
        {
            await stored.CommitAsync();
        }
    }

    public async Task<IssueReconcileResult> ReconcileAsync(IssueReconciled reconciled)
    {
        await model.LoadAsync();
        var result = IssueRules.Reconcile(model, reconciled);
        if (result.Outcome == IssueReconcileOutcome.Changed)
        {
            await stored.CommitAsync();
        }

        return result;
    }

    public async Task<bool> MarkDeletedInSentryAsync(Delivery delivery)
    {
        await model.LoadAsync();
        if (!IssueRules.MarkDeletedInSentry(model, delivery))
        {
            return false;
        }

        await stored.CommitAsync();
        return true;
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

    private async Task<WebhookOutcome> DecideAsync(Delivery delivery, Func<WebhookOutcome> rule)
    {
        await model.LoadAsync();
        var replayed = model.Deliveries.SeenBeforeWindow(delivery);
        var outcome = rule();
        if (outcome == WebhookOutcome.Applied)
        {
            await stored.CommitAsync();
            if (replayed)
            {
                // A body applied before the delivery window, applied again: a replay, or a retry far too late. Sentry decides.
                reconcileRequests.Request(this.GetPrimaryKeyString(), ReconcileReason.ReplayedBody);
            }
        }
        else
        {
            // A redelivery of a change whose publication failed (answered 503) publishes it now.
            await stored.PublishAsync();
        }

        return outcome;
    }
}
