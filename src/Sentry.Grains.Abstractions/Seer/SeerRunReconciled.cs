using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Seer;

/// <summary>
/// Seer's autofix state of an issue as Sentry's API answered it (<c>GET .../issues/{id}/autofix/</c>), read into the
/// stages it shows reached: applied to run <see cref="RunId"/> as one event per stage the run lacks, through the same state
/// machine as the <c>seer</c> webhooks (their <see cref="Delivery"/> has <see cref="DeliverySource.Reconciled"/>).
/// </summary>
/// <param name="Stages">Every documented stage the autofix state shows reached, in stage order.</param>
/// <param name="PullRequests">The pull requests the run opened (with <c>pr_created</c>).</param>
/// <param name="Status">Seer's status of the run (<c>PROCESSING</c>, <c>COMPLETED</c>, <c>ERROR</c>, ...).</param>
/// <param name="RawJson">The whole <c>autofix</c> object (kept with the newest stage applied: what is not mapped is not lost), or null.</param>
[GenerateSerializer, Immutable, Alias("sentry.SeerRunReconciled")]
public sealed record SeerRunReconciled(
    [property: Id(0)] Delivery Delivery,
    [property: Id(1)] string RunId,
    [property: Id(2)] string GroupId,
    [property: Id(3)] IReadOnlyList<SeerStage> Stages,
    [property: Id(4)] IReadOnlyList<SeerPullRequest> PullRequests,
    [property: Id(5)] string? Status,
    [property: Id(6)] string? RawJson);

/// <summary>What the autofix state changed on a run: the stages it added, the stage before and after, and Seer's status.</summary>
[GenerateSerializer, Immutable, Alias("sentry.SeerRunReconcileResult")]
public sealed record SeerRunReconcileResult(
    [property: Id(0)] IReadOnlyList<SeerStage> StagesAdded,
    [property: Id(1)] SeerStage? StageBefore,
    [property: Id(2)] SeerStage? StageAfter,
    [property: Id(3)] int PullRequestsAdded,
    [property: Id(4)] string? StatusBefore,
    [property: Id(5)] string? StatusAfter)
{
    public bool Changed => StagesAdded.Count > 0 || PullRequestsAdded > 0 || StatusBefore != StatusAfter;
}
