using System.Security.Cryptography;
using System.Text;

namespace Sentry.Grains.LoadTest;

/// <summary>One signed webhook ready to send.</summary>
public sealed record WebhookRequest(string Resource, byte[] Body, string Signature);

/// <summary>
/// A realistic mix of Sentry webhooks across many distinct issues and Seer runs: issue lifecycle
/// (created, assigned, resolved, unresolved), comments, event alerts and errors, Seer stages, and a few
/// percent redeliveries (the same body again, as Sentry's retries send it). Bodies are compact JSON,
/// as Sentry's encoder writes them, built from templates of the documented payloads.
/// </summary>
public sealed class Workload(string secret, int issues, int redeliveryPercent = 3)
{
    private readonly byte[] key = Encoding.UTF8.GetBytes(secret);
    private readonly WebhookRequest?[] recent = new WebhookRequest?[1024];
    private long counter;
    private long seerCounter;

    public static readonly string[] IssueActions = ["created", "assigned", "resolved", "unresolved"];
    private static readonly string[] SeerStages = ["root_cause_started", "root_cause_completed", "solution_started", "solution_completed", "coding_started", "coding_completed", "pr_created"];

    public WebhookRequest Next()
    {
        var n = Interlocked.Increment(ref counter);
        var slot = (int)(n % 100);
        if (slot < redeliveryPercent && recent[(n / 100) % recent.Length] is { } again)
        {
            return again;
        }

        var request = slot switch
        {
            < 33 => Issue(IssueId(n), IssueActions[(n / 100) % IssueActions.Length], n),
            < 55 => Comment(IssueId(n), n),
            < 85 => Event(IssueId(n), n, slot % 2 == 0),
            _ => NextSeerStage(),
        };
        recent[n % recent.Length] = request;
        return request;
    }

    /// <summary>Seer runs (ids from 1: Sentry's are positive) go through their seven stages in order, one run after another.</summary>
    private WebhookRequest NextSeerStage()
    {
        var s = Interlocked.Increment(ref seerCounter) - 1;
        return Seer((s / SeerStages.Length) + 1, SeerStages[s % SeerStages.Length], IssueId(s / SeerStages.Length));
    }

    public string IssueId(long n) => (1_000_000 + (Hash(n) % issues)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An issue webhook; <paramref name="version"/> goes into <c>count</c>, so each body differs as Sentry's do.</summary>
    public WebhookRequest Issue(string id, string action, long version = 1)
    {
        var status = action == "resolved" ? "resolved" : "unresolved";
        var assignee = action == "assigned" ? """{"type":"user","id":"2","name":"Jane Doe","email":"jane@example.com"}""" : "null";
        var extra = action switch
        {
            "resolved" => ""","resolution_type":"in_next_release" """.TrimEnd(),
            "assigned" => $""","assignee":{assignee}""",
            _ => "",
        };
        return Sign("issue", $$$$"""{"action":"{{{{action}}}}","installation":{"uuid":"24b397fc-a86e-43ef-9297-949e21b82480"},"data":{"issue":{"url":"https://sentry.io/api/0/organizations/example-org/issues/{{{{id}}}}/","web_url":"https://example-org.sentry.io/issues/{{{{id}}}}/","project_url":"https://example-org.sentry.io/issues/?project=4509877862268928","id":"{{{{id}}}}","shareId":null,"shortId":"PYTHON-{{{{id}}}}","title":"Error generated with event_id: 495d375a-1df6-45c0-9890-34dae8e1b6a4(Priority: HIGH)","culprit":"test-transaction-0-41e49cd3-7252-441f-8d27-63a9ad697b0a","permalink":"https://example-org.sentry.io/issues/{{{{id}}}}/","logger":"edge-function","level":"fatal","status":"{{{{status}}}}","statusDetails":{},"substatus":"new","isPublic":false,"platform":"javascript","project":{"id":"112313123123134","name":"python","slug":"python","platform":"python"},"type":"default","metadata":{"title":"Error generated with event_id","sdk":{"name":"edge-function","name_normalized":"other"},"severity":1,"severity_reason":"log_level_fatal","initial_priority":75},"numComments":0,"assignedTo":{{{{assignee}}}},"isBookmarked":false,"isSubscribed":false,"subscriptionDetails":null,"hasSeen":false,"annotations":[],"issueType":"error","issueCategory":"error","priority":"high","priorityLockedAt":null,"seerFixabilityScore":null,"seerAutofixLastTriggered":null,"isUnhandled":false,"count":"{{{{version}}}}","userCount":3,"firstSeen":"2025-11-10T20:56:00.679000+00:00","lastSeen":"2025-11-10T20:56:00.738000+00:00"}{{{{extra}}}}},"actor":{"type":"application","id":"example-app","name":"Example App"}}""");
    }

    public WebhookRequest Comment(string issueId, long commentId, string action = "created") =>
        Sign("comment", $$$$"""{"action":"{{{{action}}}}","data":{"comment":"looked into this, caf\u00e9 deploy {{{{commentId}}}} is the culprit","project_slug":"sentry","comment_id":{{{{commentId}}}},"issue_id":{{{{issueId}}}},"timestamp":"2022-03-02T21:51:44.118160Z"},"installation":{"uuid":"eac5a0ae-60ec-418f-9318-46dc5e7e52ec"},"actor":{"type":"user","id":1,"name":"colleen"}}""");

    public WebhookRequest Event(string issueId, long eventNumber, bool alert)
    {
        var member = alert ? "event" : "error";
        var eventId = eventNumber.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
        var frames = string.Join(",", Enumerable.Repeat("""{"abs_path":"https://static.jsbin.com/js/prod/runner-4.1.7.min.js","colno":10866,"context_line":"{snip} e(a.old),a.active=b,e(a.target,b) {snip}","filename":"/js/prod/runner-4.1.7.min.js","function":null,"in_app":false,"lineno":1,"module":"prod/runner-4.1.7"}""", 8));
        var rule = alert ? ""","triggered_rule":"Send a notification for new events","issue_alert":{"title":"Send a notification","settings":[]}""" : "";
        return Sign(alert ? "event_alert" : "error", $$$$"""{"action":"{{{{(alert ? "triggered" : "created")}}}}","actor":{"id":"sentry","name":"Sentry","type":"application"},"data":{"{{{{member}}}}":{"_ref":1,"_ref_version":2,"contexts":{"browser":{"name":"Chrome","type":"browser","version":"75.0.3770"},"os":{"name":"Mac OS X","type":"os","version":"10.14.0"}},"culprit":"?(<anonymous>)","datetime":"2019-08-19T21:06:17.677000Z","event_id":"{{{{eventId}}}}","exception":{"values":[{"stacktrace":{"frames":[{{{{frames}}}}]},"type":"ReferenceError","value":"heck is not defined"}]},"issue_url":"https://sentry.io/api/0/issues/{{{{issueId}}}}/","issue_id":"{{{{issueId}}}}","level":"error","platform":"javascript","title":"ReferenceError: heck is not defined","web_url":"https://sentry.io/organizations/test-org/issues/{{{{issueId}}}}/events/{{{{eventId}}}}/"}{{{{rule}}}}},"installation":{"uuid":"a8e5d37a-696c-4c54-adb5-b3f28d64c7de"}}""");
    }

    public WebhookRequest Seer(long runId, string stage, string issueId)
    {
        var payload = stage switch
        {
            "root_cause_completed" => ""","root_cause":{"description":"Woah wow there's a bug here.","steps":[{"title":"User navigates to the dashboard page.","code_snippet_and_analysis":"GET /dashboard","timeline_item_type":"human_action","relevant_code_file":{"file_path":"N/A","repo_name":"N/A"},"is_most_important_event":false}]}""",
            "solution_completed" => ""","solution":{"description":"Definitely need to fix this.","steps":[{"title":"Go fix it"}]}""",
            "coding_completed" => ""","changes":[{"repo_name":"my-app","repo_external_id":"12345","title":"fix: Initialize undefined variable","description":"Initialize before use","diff":"--- a\n+++ b","branch_name":"seer/fix-this-thing"}]""",
            "pr_created" => ""","pull_requests":[{"pull_request":{"pr_number":123,"pr_url":"https://github.com/owner/repo/pull/123","pr_id":456789},"repo_name":"my-app","provider":"github"}]""",
            _ => "",
        };
        return Sign("seer", $$$$"""{"action":"{{{{stage}}}}","actor":{"id":"sentry","name":"Sentry","type":"application"},"data":{"run_id":{{{{runId}}}},"group_id":{{{{issueId}}}}{{{{payload}}}}},"installation":{"uuid":"a8e5d37a-696c-4c54-adb5-b3f28d64c7de"}}""");
    }

    /// <summary>
    /// A Seer action that is not a stage (Sentry adds such: triage, impact assessment): kept in the run's history without
    /// moving its stage; <paramref name="n"/> makes each body different, as each assessment is.
    /// </summary>
    public WebhookRequest SeerActivity(long runId, string issueId, long n) =>
        Sign("seer", $$$$"""{"action":"impact_assessment_completed","actor":{"id":"sentry","name":"Sentry","type":"application"},"data":{"run_id":{{{{runId}}}},"group_id":{{{{issueId}}}},"impact_assessment":{"assessment_id":{{{{n}}}},"summary":"Affects checkout for about 2% of users","severity":"medium"}},"installation":{"uuid":"a8e5d37a-696c-4c54-adb5-b3f28d64c7de"}}""");

    private WebhookRequest Sign(string resource, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return new WebhookRequest(resource, body, Convert.ToHexStringLower(HMACSHA256.HashData(key, body)));
    }

    private static long Hash(long n) => (long)(unchecked((ulong)n * 0x9E3779B97F4A7C15UL) >> 1);
}
