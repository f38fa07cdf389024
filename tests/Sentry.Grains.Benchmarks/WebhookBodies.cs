using System.Text;

namespace Sentry.Grains.Benchmarks;

/// <summary>
/// Compact issue webhooks (as Sentry's encoder writes them) of a given size: the issue fields we keep,
/// plus Sentry data we do not keep (<c>metadata</c>, <c>annotations</c>) filling the rest.
/// </summary>
internal static class WebhookBodies
{
    public static byte[] IssueCreated(int size)
    {
        const string Head = """{"action":"created","installation":{"uuid":"24b397fc-a86e-43ef-9297-949e21b82480"},"data":{"issue":{"url":"https://sentry.io/api/0/organizations/example-org/issues/1234567890/","web_url":"https://example-org.sentry.io/issues/1234567890/","id":"1234567890","shortId":"PYTHON-Y","title":"Error generated with event_id: 495d375a-1df6-45c0-9890-34dae8e1b6a4","culprit":"test-transaction-0","permalink":"https://example-org.sentry.io/issues/1234567890/","level":"fatal","status":"unresolved","statusDetails":{},"substatus":"new","platform":"javascript","project":{"id":"112313123123134","name":"python","slug":"python","platform":"python"},"type":"default","issueType":"error","issueCategory":"error","priority":"high","assignedTo":null,"count":"3","userCount":3,"firstSeen":"2025-11-10T20:56:00.679000+00:00","lastSeen":"2025-11-10T20:56:00.738000+00:00","annotations":[""";
        const string Tail = """],"metadata":{"title":"Error","severity":1}}},"actor":{"type":"application","id":"example-app","name":"Example App"}}""";
        var body = new StringBuilder(Head);
        var first = true;
        while (body.Length + Tail.Length + 80 < size)
        {
            body.Append(first ? "" : ",").Append("""{"displayName":"JIRA-1234 caf\u00e9","url":"https://jira.example.com/browse/JIRA-1234"}""");
            first = false;
        }

        body.Append(Tail);
        return Encoding.ASCII.GetBytes(body.ToString());
    }
}
