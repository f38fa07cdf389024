using System.Text.Json;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Seer;

/// <summary>
/// The <c>seer</c> resource, declared once: typed payloads for the documented stages, the whole <c>data</c> kept for
/// every other action (Sentry adds them: triage, impact assessment, ...), applied by <see cref="ISeerRunGrain"/>.
/// </summary>
public static class SeerWebhooks
{
    public static WebhookResource Seer { get; } = WebhookResource.For<ISeerRunGrain, SeerEventReceived>(
        "seer",
        [.. SeerStages.InOrder.Select(stage => stage.Name()), "triage_started", "triage_completed", "impact_assessment_started", "impact_assessment_completed"],
        new KeyField(KeyShape.SentryId, "data.run_id"),
        ParseSeer,
        (grain, received) => grain.ApplyAsync(received),
        acceptsOtherActions: true);

    private static SeerEventReceived ParseSeer(WebhookEnvelope envelope)
    {
        var data = envelope.Data;
        var received = new SeerEventReceived(
            envelope.Delivery,
            envelope.Action,
            envelope.Key,
            WebhookEnvelope.OptionalKey(data, "group_id", "data.group_id", KeyShape.SentryId));
        if (!SeerStages.TryParse(envelope.Action, out var stage))
        {
            return received with { DataJson = data.ToCompactJson() };
        }

        return stage switch
        {
            SeerStage.RootCauseCompleted => received with { RootCause = ReadRootCause(data.Object("root_cause")) },
            SeerStage.SolutionCompleted => received with { Solution = ReadSolution(data.Object("solution")) },
            SeerStage.CodingCompleted => received with { Changes = [.. data.Array("changes").Select(ReadChange)] },
            SeerStage.PrCreated => received with { PullRequests = [.. data.Array("pull_requests").Select(ReadPullRequest)] },
            _ => received,
        };
    }

    private static SeerRootCause? ReadRootCause(JsonElement? rootCause) => rootCause is { } rc
        ? new SeerRootCause(
            rc.String("description"),
            [.. rc.Array("steps").Select(step => new SeerRootCauseStep(
                step.String("title"),
                step.String("code_snippet_and_analysis"),
                step.String("timeline_item_type"),
                step.Object("relevant_code_file") is { } file ? new SeerCodeFile(file.String("file_path"), file.String("repo_name")) : null,
                step.Boolean("is_most_important_event")))])
        : null;

    private static SeerSolution? ReadSolution(JsonElement? solution) => solution is { } s
        ? new SeerSolution(s.String("description"), [.. s.Array("steps").Select(step => new SeerSolutionStep(step.String("title")))])
        : null;

    private static SeerCodeChange ReadChange(JsonElement change) => new(
        change.String("repo_name"),
        change.String("repo_external_id"),
        change.String("title"),
        change.String("description"),
        change.String("diff"),
        change.String("branch_name"));

    private static SeerPullRequest ReadPullRequest(JsonElement entry)
    {
        var pr = entry.Object("pull_request") ?? entry;
        return new SeerPullRequest(pr.Int64("pr_number"), pr.String("pr_url"), pr.Int64("pr_id"), entry.String("repo_name"), entry.String("provider"));
    }
}
