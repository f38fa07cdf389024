using System.Text.Json;

namespace Sentry.Grains.Tests.Cluster;

/// <summary>
/// The webhooks of a load: for each of <c>issues</c> distinct issues, in order, <c>issue.created</c>
/// (unresolved), one <c>error.created</c> event and a final <c>issue.resolved</c> or <c>issue.ignored</c>,
/// each one second after the previous one (Sentry-Hook-Timestamp orders them).
/// </summary>
public sealed class LoadPlan
{
    private LoadPlan(string run, IReadOnlyList<IReadOnlyList<PlannedWebhook>> byIssue)
    {
        Run = run;
        ByIssue = byIssue;
    }

    public string Run { get; }

    /// <summary>The webhooks per issue, in the order they are sent.</summary>
    public IReadOnlyList<IReadOnlyList<PlannedWebhook>> ByIssue { get; }

    public IEnumerable<PlannedWebhook> All => ByIssue.SelectMany(w => w);

    public int Count => ByIssue.Sum(w => w.Count);

    public static LoadPlan Create(int issues)
    {
        var run = Random.Shared.NextInt64(1, 1L << 36) * 100_000;
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var byIssue = Enumerable.Range(0, issues).Select(i =>
        {
            var id = (run + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var final = i % 2 == 0 ? ("resolved", "resolved") : ("ignored", "ignored");
            return (IReadOnlyList<PlannedWebhook>)
            [
                new PlannedWebhook(id, 0, "issue", "created", "unresolved", Issue(id, "created", "unresolved"), start),
                new PlannedWebhook(id, 1, "error", "created", null, Error(id, $"{run + i:x32}"), start + 1),
                new PlannedWebhook(id, 2, "issue", final.Item1, final.Item2, Issue(id, final.Item1, final.Item2), start + 2),
            ];
        }).ToList();
        return new LoadPlan(run.ToString(System.Globalization.CultureInfo.InvariantCulture), byIssue);
    }

    private static byte[] Issue(string id, string action, string status) =>
        JsonSerializer.SerializeToUtf8Bytes(new { action, data = new { issue = new { id, status, title = $"Load issue {id}", level = "error" } } });

    private static byte[] Error(string issueId, string eventId) =>
        JsonSerializer.SerializeToUtf8Bytes(new { action = "created", data = new { error = new { issue_id = issueId, event_id = eventId, title = "load" } } });
}

/// <summary>One webhook of a <see cref="LoadPlan"/>; <see cref="Status"/> is the issue status it sets, if any.</summary>
public sealed record PlannedWebhook(string IssueId, int Step, string Resource, string Action, string? Status, byte[] Body, long Timestamp)
{
    public string Key => $"{IssueId}/{Step}";
}
