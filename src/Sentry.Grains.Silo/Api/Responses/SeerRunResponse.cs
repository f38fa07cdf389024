using System.Text.Json;
using Sentry.Grains.Seer;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Silo.Api.Responses;

/// <summary>The answer of <c>GET /api/seer-runs/{runId}</c>: stages by Sentry's names, unknown events' data as JSON.</summary>
public sealed record SeerRunResponse(
    string RunId,
    long Version,
    string? GroupId,
    string? Stage,
    bool Stalled,
    IReadOnlyList<SeerStageReachedResponse> Stages,
    SeerRootCause? RootCause,
    SeerSolution? Solution,
    IReadOnlyList<SeerCodeChange> Changes,
    IReadOnlyList<SeerPullRequest> PullRequests,
    IReadOnlyList<SeerHistoryEntryResponse> History,
    DateTimeOffset? LastEventAt,
    string? AutofixStatus)
{
    public static SeerRunResponse From(SeerRunSnapshot run) => new(
        run.RunId,
        run.Version,
        run.GroupId,
        run.Stage?.Name(),
        run.Stalled,
        [.. run.Stages.Select(s => new SeerStageReachedResponse(s.Stage.Name(), s.SentAt, s.ReceivedAt, s.Implied, s.Source))],
        run.RootCause,
        run.Solution,
        run.Changes,
        run.PullRequests,
        [.. run.History.Select(h => new SeerHistoryEntryResponse(h.Action, h.SentAt, h.ReceivedAt, h.RequestId, JsonText.ToElement(h.DataJson), h.Source))],
        run.LastEventAt,
        run.AutofixStatus);
}

public sealed record SeerStageReachedResponse(string Stage, DateTimeOffset? SentAt, DateTimeOffset? ReceivedAt, bool Implied, DeliverySource Source);

/// <summary>One applied Seer event; <see cref="Data"/> is the event's <c>data</c> for actions without a typed payload.</summary>
public sealed record SeerHistoryEntryResponse(string Action, DateTimeOffset? SentAt, DateTimeOffset ReceivedAt, string RequestId, JsonElement? Data, DeliverySource Source);
