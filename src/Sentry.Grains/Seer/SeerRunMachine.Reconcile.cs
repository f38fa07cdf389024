using Sentry.Grains.ReadModel;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Seer;

/// <summary>
/// The reconciliation of a run with Seer's autofix state, pure: every stage the state shows reached that the run lacks is
/// applied as the event Sentry would have sent (through <see cref="Apply"/>, in stage order, each with a delivery of its own
/// marked reconciled), <c>pr_created</c> with the pull requests, the newest with the whole autofix object as its data.
/// A stage the run has (even implied) is left as it is.
/// </summary>
public static partial class SeerRunMachine
{
    public static SeerRunReconcileResult Reconcile(SeerRunModel model, SeerRunReconciled reconciled)
    {
        var head = model.Head;
        var before = CurrentStage(head);
        var statusBefore = head.AutofixStatus;
        var delivery = reconciled.Delivery;
        var newest = reconciled.Stages.Count == 0 ? (SeerStage?)null : reconciled.Stages.Max();
        var added = new List<SeerStage>();
        var pullRequests = 0;
        foreach (var stage in reconciled.Stages.Distinct().Order())
        {
            if (head.Stages.ContainsKey(stage))
            {
                continue;
            }

            var received = new SeerEventReceived(delivery.Part("seer:" + stage.Name()), stage.Name(), reconciled.RunId, reconciled.GroupId)
            {
                PullRequests = stage == SeerStage.PrCreated ? reconciled.PullRequests : null,
                DataJson = stage == newest ? reconciled.RawJson : null,
            };
            if (Apply(model, received).Outcome == WebhookOutcome.Applied)
            {
                added.Add(stage);
                pullRequests += stage == SeerStage.PrCreated ? reconciled.PullRequests.Count : 0;
            }
        }

        if (reconciled.Status is { } status && status != head.AutofixStatus)
        {
            head.AutofixStatus = status;
            if (added.Count == 0)
            {
                model.Publish(SeerReadModel.Event, delivery.ReceivedAt, FeedJson.Serialize(new { source = ChangeSource.Reconciled, autofixStatus = status, delivery.RequestId }));
            }
        }

        return new SeerRunReconcileResult(added, before, CurrentStage(head), pullRequests, statusBefore, head.AutofixStatus);
    }
}
