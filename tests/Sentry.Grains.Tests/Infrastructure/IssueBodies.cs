using System.Text;
using System.Text.Json.Nodes;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>Issue webhooks made from Sentry's example (<c>issue.created</c>) for a chosen issue id and installation.</summary>
public static class IssueBodies
{
    /// <summary>The example's <c>data.issue</c> with id <paramref name="issueId"/>: what Sentry's serializer gives, for the webhook and the fake's API alike.</summary>
    public static JsonObject Issue(string issueId)
    {
        var issue = (JsonObject)Webhook("created", "00000000-0000-0000-0000-000000000000", null)["data"]!["issue"]!;
        issue["id"] = issueId;
        issue["shortId"] = "PYTHON-" + issueId;
        issue["permalink"] = $"https://test-org.sentry.io/issues/{issueId}/";
        issue["web_url"] = $"https://test-org.sentry.io/issues/{issueId}/";
        return (JsonObject)issue.DeepClone();
    }

    /// <summary>An <c>issue</c> webhook <paramref name="action"/> through installation <paramref name="uuid"/> carrying <paramref name="issue"/>.</summary>
    public static byte[] Body(string action, string uuid, JsonObject issue) => Encoding.UTF8.GetBytes(Webhook(action, uuid, issue).ToJsonString());

    private static JsonObject Webhook(string action, string uuid, JsonObject? issue)
    {
        var webhook = JsonNode.Parse(Fixtures.Bytes("issue.created"))!.AsObject();
        webhook["action"] = action;
        webhook["installation"] = new JsonObject { ["uuid"] = uuid };
        if (issue is not null)
        {
            webhook["data"]!["issue"] = issue.DeepClone();
        }

        return webhook;
    }
}
