using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Issues;

/// <summary>
/// Sentry's answer about an issue, read back by the reconciliation, to be applied through the same rules as a webhook
/// (its <see cref="Delivery"/> has <see cref="DeliverySource.Reconciled"/>). Applied only if the issue is still at
/// <see cref="BasedOnVersion"/>, the version read before Sentry was asked: a change that arrived meanwhile makes it
/// <see cref="IssueReconcileOutcome.Raced"/> instead of being overwritten by an answer that may be older.
/// </summary>
/// <param name="Issue">The issue's fields as Sentry's API answered them (fields the API does not send are null).</param>
/// <param name="Comments">The issue's notes, when they were read (the comment counts disagreed); null when not read.</param>
/// <param name="CommentsComplete">True when <paramref name="Comments"/> is every note (a comment missing from it was deleted).</param>
[GenerateSerializer, Immutable, Alias("sentry.IssueReconciled")]
public sealed record IssueReconciled(
    [property: Id(0)] Delivery Delivery,
    [property: Id(1)] IssueFields Issue,
    [property: Id(2)] long BasedOnVersion,
    [property: Id(3)] IReadOnlyList<ReconciledComment>? Comments,
    [property: Id(4)] bool CommentsComplete);

/// <summary>A note (comment) as Sentry's API lists it.</summary>
[GenerateSerializer, Immutable, Alias("sentry.ReconciledComment")]
public sealed record ReconciledComment(
    [property: Id(0)] string CommentId,
    [property: Id(1)] string? Text,
    [property: Id(2)] Actor? Author,
    [property: Id(3)] DateTimeOffset? CreatedAt,
    [property: Id(4)] DateTimeOffset? UpdatedAt);

/// <summary>What applying Sentry's answer did to an issue.</summary>
[GenerateSerializer, Alias("sentry.IssueReconcileOutcome")]
public enum IssueReconcileOutcome
{
    /// <summary>The issue already agreed with Sentry: nothing was written.</summary>
    Unchanged,

    /// <summary>At least one field differed; Sentry's answer was applied and written.</summary>
    Changed,

    /// <summary>The issue changed after it was read for this reconciliation; nothing was applied.</summary>
    Raced,
}

/// <summary>One field that differed from Sentry's answer, as text (JSON for objects), before and after.</summary>
/// <param name="Field">A name of <c>DriftFields</c> (<c>status</c>, <c>assigned_to</c>, <c>comment</c>, <c>seer_stage</c>, ...).</param>
[GenerateSerializer, Immutable, Alias("sentry.FieldDrift")]
public sealed record FieldDrift(
    [property: Id(0)] string Field,
    [property: Id(1)] string? Before,
    [property: Id(2)] string? After);

/// <summary>The outcome of <see cref="IIssueGrain.ReconcileAsync"/>: the fields that changed and the issue's version after it.</summary>
[GenerateSerializer, Immutable, Alias("sentry.IssueReconcileResult")]
public sealed record IssueReconcileResult(
    [property: Id(0)] IssueReconcileOutcome Outcome,
    [property: Id(1)] IReadOnlyList<FieldDrift> Changes,
    [property: Id(2)] long Version);
