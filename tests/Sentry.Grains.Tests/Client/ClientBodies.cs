using System.Text;
using System.Text.Json.Nodes;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Client;

/// <summary>Webhook bodies (from the fixtures) with the ids and fields the client's tests choose.</summary>
internal static class ClientBodies
{
    /// <summary><c>issue.created</c> (unresolved, new, high, error) as <paramref name="id"/> in <paramref name="project"/>.</summary>
    public static byte[] Issue(string id, string project, string? team = null, string? lastSeen = null)
    {
        var root = JsonNode.Parse(Fixtures.Bytes("issue.created"))!;
        var issue = root["data"]!["issue"]!;
        issue["id"] = id;
        issue["project"]!["slug"] = project;
        if (team is not null)
        {
            issue["assignedTo"] = new JsonObject { ["type"] = "team", ["id"] = "9", ["name"] = team };
        }

        if (lastSeen is not null)
        {
            issue["lastSeen"] = lastSeen;
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>A comment webhook: comment <paramref name="commentId"/> (text <c>note {commentId}</c>) on issue <paramref name="issueId"/>.</summary>
    public static byte[] Comment(string issueId, int commentId, string action = "created") =>
        Encoding.UTF8.GetBytes($$$"""{"action":"{{{action}}}","data":{"comment":"note {{{commentId}}}","comment_id":{{{commentId}}},"issue_id":{{{issueId}}}}}""");

    /// <summary>The <c>seer.{stage}</c> fixture as run <paramref name="runId"/> of issue <paramref name="issueId"/>.</summary>
    public static byte[] SeerRun(string stage, string runId, string issueId)
    {
        var root = JsonNode.Parse(Fixtures.Bytes($"seer.{stage}"))!;
        root["data"]!["run_id"] = long.Parse(runId, System.Globalization.CultureInfo.InvariantCulture);
        root["data"]!["group_id"] = long.Parse(issueId, System.Globalization.CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>The <c>metric_alert.{action}</c> fixture as alert <paramref name="alertId"/>.</summary>
    public static byte[] MetricAlert(string action, string alertId)
    {
        var root = JsonNode.Parse(Fixtures.Bytes($"metric_alert.{action}"))!;
        root["data"]!["metric_alert"]!["id"] = alertId;
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }
}
