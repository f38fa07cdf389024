using Sentry.Grains.ReadModel;
using Sentry.Grains.Reconciliation;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Issues;

/// <summary>
/// The reconciliation's rules: Sentry's API answer goes through the same steps as a webhook — deduplication (each part has
/// a digest of its own), ordering (ordered at the moment Sentry was asked, trusting no claim of a later time), the snapshot
/// and comment rules — and records where it came from (<see cref="ChangeSource.Reconciled"/>). Pure, like the rest.
/// </summary>
public static partial class IssueRules
{
    /// <summary>
    /// Applies Sentry's answer when the issue is still at the version it was read at; returns every field that differed.
    /// A changed issue publishes <c>issue.reconciled</c> (its item lists the fields, before and after); each comment Sentry
    /// has differently publishes its <c>comment.*</c> change as a webhook would.
    /// </summary>
    public static IssueReconcileResult Reconcile(IssueModel model, IssueReconciled reconciled)
    {
        var head = model.Head;
        if (head.Version != reconciled.BasedOnVersion)
        {
            return new IssueReconcileResult(IssueReconcileOutcome.Raced, [], head.Version);
        }

        var changes = new List<FieldDrift>();
        var delivery = reconciled.Delivery;
        var drift = IssueDrift.Compare(head.Issue, reconciled.Issue);
        if (head.DeletedInSentryAt is { } deletedAt)
        {
            // Sentry answered for it after all (a 404 from a merge, a restore): it exists.
            drift = [.. drift, new FieldDrift(DriftFields.Deleted, deletedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture), null)];
        }

        if (drift.Count > 0
            && Deduplication.Apply(model.Deliveries, delivery, () => ApplyReconciledIssue(model, delivery, reconciled.Issue, drift)) == WebhookOutcome.Applied)
        {
            changes.AddRange(drift);
        }

        if (reconciled.Comments is { } comments)
        {
            foreach (var change in CommentChanges(model, delivery, comments, reconciled.CommentsComplete).ToList())
            {
                var before = model.Comment(change.CommentId);
                if (Apply(model, change) == WebhookOutcome.Applied)
                {
                    changes.Add(new FieldDrift(DriftFields.Comment, Describe(before), Describe(model.Comment(change.CommentId))));
                }
            }
        }

        return new IssueReconcileResult(changes.Count > 0 ? IssueReconcileOutcome.Changed : IssueReconcileOutcome.Unchanged, changes, head.Version);
    }

    /// <summary>Sentry answered 404: the issue is recorded deleted in Sentry (<c>issue.deleted</c>), once. True when that changed the state.</summary>
    public static bool MarkDeletedInSentry(IssueModel model, Delivery delivery) =>
        model.Head.DeletedInSentryAt is null
        && Deduplication.Apply(model.Deliveries, delivery, () =>
        {
            model.Head.DeletedInSentryAt = delivery.ReceivedAt;
            return Applied(model, delivery, IssueReadModel.DeletedInSentry, FeedJson.Serialize(new { source = ChangeSource.Reconciled, delivery.RequestId }));
        }) == WebhookOutcome.Applied;

    private static WebhookOutcome ApplyReconciledIssue(IssueModel model, Delivery delivery, IssueFields sentry, IReadOnlyList<FieldDrift> drift)
    {
        var head = model.Head;
        if (Ordering.IsStale(delivery, head.IssueOrderAt))
        {
            return WebhookOutcome.Stale;
        }

        var fields = IssueDrift.Merge(head.Issue, sentry);
        TakeSnapshot(head, delivery, fields);
        if (IssueDrift.ActionOf(drift, fields) is { } action)
        {
            // Who did it is unknown: Sentry's answer says what the issue is, not who changed it.
            RecordAction(head, action, actor: null, fields.AssignedTo, resolutionType: null);
        }

        if (drift.Any(d => d.Field == DriftFields.AssignedTo))
        {
            head.Assignee = IssueMapping.ToRecord(fields.AssignedTo);
        }

        head.DeletedInSentryAt = null;
        return Applied(model, delivery, IssueReadModel.Reconciled, FeedJson.Serialize(new { source = ChangeSource.Reconciled, delivery.RequestId, changes = drift }));
    }

    /// <summary>
    /// The comment changes that make the issue's comments Sentry's: a note not known here is created, a note whose text
    /// differs is updated, and (only when the listing was complete) a comment Sentry no longer lists is deleted. A comment
    /// deleted here stays deleted (the comment rule's "a delete always wins").
    /// </summary>
    private static IEnumerable<CommentChanged> CommentChanges(IssueModel model, Delivery delivery, IReadOnlyList<ReconciledComment> notes, bool complete)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var note in notes)
        {
            listed.Add(note.CommentId);
            var known = model.Comment(note.CommentId);
            if (known is null)
            {
                yield return new CommentChanged(delivery.Part("comment:" + note.CommentId), "created", note.Author, model.Key, note.CommentId, note.Text, note.CreatedAt);
            }
            else if (!known.Deleted && !string.Equals(known.Text, note.Text, StringComparison.Ordinal))
            {
                yield return new CommentChanged(delivery.Part("comment:" + note.CommentId), "updated", note.Author, model.Key, note.CommentId, note.Text, note.UpdatedAt ?? delivery.ReceivedAt);
            }
        }

        if (!complete)
        {
            yield break;
        }

        foreach (var gone in model.Comments.Where(c => !c.Deleted && !listed.Contains(c.CommentId)).Select(c => c.CommentId).ToList())
        {
            yield return new CommentChanged(delivery.Part("comment:" + gone), "deleted", null, model.Key, gone, null, delivery.ReceivedAt);
        }
    }

    private static string? Describe(CommentRecord? comment) =>
        comment is null ? null : FeedJson.Serialize(new { id = comment.CommentId, text = comment.Text, deleted = comment.Deleted });
}
