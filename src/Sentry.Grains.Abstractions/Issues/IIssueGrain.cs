using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Issues;

/// <summary>One Sentry issue, keyed by its id (<c>data.issue.id</c>).</summary>
[Alias("sentry.IIssueGrain")]
public interface IIssueGrain : IGrainWithStringKey
{
    [Alias("ApplyIssue")]
    Task<WebhookOutcome> ApplyIssueAsync(IssueChanged change);

    [Alias("ApplyComment")]
    Task<WebhookOutcome> ApplyCommentAsync(CommentChanged change);

    [Alias("RecordEvent")]
    Task<WebhookOutcome> RecordEventAsync(IssueEventReceived received);

    [Alias("RecordActivity")]
    Task<WebhookOutcome> RecordActivityAsync(IssueActivityReceived received);

    /// <summary>A Seer run on this issue reports its stage; an older report never moves it back.</summary>
    [Alias("LinkSeerRun")]
    Task LinkSeerRunAsync(IssueSeerRun run);

    /// <summary>
    /// Applies Sentry's answer read back by the reconciliation through the webhook rules (a change of its own source),
    /// unless the issue changed since <see cref="IssueReconciled.BasedOnVersion"/>.
    /// </summary>
    [Alias("Reconcile")]
    Task<IssueReconcileResult> ReconcileAsync(IssueReconciled reconciled);

    /// <summary>Sentry answered 404 for the issue: it was deleted there. True when that was not recorded yet.</summary>
    [Alias("MarkDeletedInSentry")]
    Task<bool> MarkDeletedInSentryAsync(Delivery delivery);

    /// <summary>The issue, or null if no webhook about it was ever applied.</summary>
    [Alias("Get")]
    Task<IssueSnapshot?> GetAsync();
}
