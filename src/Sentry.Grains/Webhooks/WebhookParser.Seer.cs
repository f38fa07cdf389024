using System.Text.Json;
using Sentry.Grains.Seer;

namespace Sentry.Grains.Webhooks;

/// <summary>The <c>seer</c> resource: typed payloads for the documented stages, raw data for the rest.</summary>
public static partial class WebhookParser
{
    private static SeerEventReceived ParseSeer(JsonElement data, string action, Delivery delivery)
    {
        var received = new SeerEventReceived(delivery, action, Require(data.String("run_id"), "data.run_id"), data.String("group_id"));
        return action switch
        {
            SeerStages.RootCauseCompleted => received with { RootCause = ReadRootCause(data.Object("root_cause")) },
            SeerStages.SolutionCompleted => received with { Solution = ReadSolution(data.Object("solution")) },
            SeerStages.CodingCompleted => received with { Changes = [.. data.Array("changes").Select(ReadChange)] },
            SeerStages.PrCreated => received with { PullRequests = [.. data.Array("pull_requests").Select(ReadPullRequest)] },
            _ when SeerStages.IndexOf(action) >= 0 => received,
            _ => received with { DataJson = data.ToCompactJson() },
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
