using System.Globalization;
using System.Text.Json.Nodes;
using Sentry.Grains.Reconciliation;

namespace Sentry.Grains.Issues;

/// <summary>
/// Pure: which of an issue's fields differ from Sentry's API answer, and the fields to keep. The API sends neither
/// <c>web_url</c> nor the project's name and platform: those stay as the webhooks gave them. <c>statusDetails</c> is
/// compared as JSON (an empty object is no details); the assignee by type and id.
/// </summary>
public static class IssueDrift
{
    public static IReadOnlyList<FieldDrift> Compare(IssueRecord? stored, IssueFields sentry)
    {
        var drift = new List<FieldDrift>();
        void Check(string field, string? before, string? after)
        {
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                drift.Add(new FieldDrift(field, before, after));
            }
        }

        Check(DriftFields.Status, stored?.Status, sentry.Status);
        Check(DriftFields.Substatus, stored?.Substatus, sentry.Substatus);
        if (!SameJson(stored?.StatusDetailsJson, sentry.StatusDetailsJson))
        {
            drift.Add(new FieldDrift(DriftFields.StatusDetails, stored?.StatusDetailsJson, sentry.StatusDetailsJson));
        }

        Check(DriftFields.Priority, stored?.Priority, sentry.Priority);
        Check(DriftFields.AssignedTo, Describe(stored?.AssignedTo), Describe(IssueMapping.ToRecord(sentry.AssignedTo)));
        Check(DriftFields.Title, stored?.Title, sentry.Title);
        Check(DriftFields.Culprit, stored?.Culprit, sentry.Culprit);
        Check(DriftFields.Level, stored?.Level, sentry.Level);
        Check(DriftFields.ShortId, stored?.ShortId, sentry.ShortId);
        Check(DriftFields.Permalink, stored?.Permalink, sentry.Permalink);
        Check(DriftFields.Project, Describe(stored?.Project), sentry.Project is { } p ? Describe(p.Id, p.Slug) : null);
        Check(DriftFields.IssueType, stored?.IssueType, sentry.IssueType);
        Check(DriftFields.IssueCategory, stored?.IssueCategory, sentry.IssueCategory);
        Check(DriftFields.FirstSeen, Describe(stored?.FirstSeen), Describe(sentry.FirstSeen));
        Check(DriftFields.Count, Describe(stored?.Count), Describe(sentry.Count));
        Check(DriftFields.UserCount, Describe(stored?.UserCount), Describe(sentry.UserCount));
        Check(DriftFields.LastSeen, Describe(stored?.LastSeen), Describe(sentry.LastSeen));
        return drift;
    }

    /// <summary>Sentry's answer, with what the API does not send kept from <paramref name="stored"/>.</summary>
    public static IssueFields Merge(IssueRecord? stored, IssueFields sentry) => sentry with
    {
        WebUrl = sentry.WebUrl ?? stored?.WebUrl,
        Project = sentry.Project is { } p
            ? p with { Name = p.Name ?? (stored?.Project?.Id == p.Id ? stored?.Project?.Name : null), Platform = p.Platform ?? (stored?.Project?.Id == p.Id ? stored?.Project?.Platform : null) }
            : null,
    };

    /// <summary>
    /// The issue action a drift amounts to, as the webhook for it would have said: a new status (<c>resolved</c>,
    /// <c>ignored</c>, <c>unresolved</c>), else a new assignee (<c>assigned</c>); null when neither moved (the last action stays).
    /// </summary>
    public static string? ActionOf(IReadOnlyList<FieldDrift> drift, IssueFields sentry)
    {
        if (drift.Any(d => d.Field == DriftFields.Status) && sentry.Status is "resolved" or "ignored" or "unresolved")
        {
            return sentry.Status;
        }

        return drift.Any(d => d.Field == DriftFields.AssignedTo) ? "assigned" : null;
    }

    private static bool SameJson(string? a, string? b)
    {
        var left = Parse(a);
        var right = Parse(b);
        return JsonNode.DeepEquals(left, right);

        static JsonNode? Parse(string? json)
        {
            if (string.IsNullOrWhiteSpace(json))
            {
                return null;
            }

            try
            {
                var node = JsonNode.Parse(json);
                return node is JsonObject { Count: 0 } ? null : node;
            }
            catch (System.Text.Json.JsonException)
            {
                return JsonValue.Create(json);
            }
        }
    }

    private static string? Describe(AssigneeRecord? assignee) => assignee is null ? null : $"{assignee.Type}:{assignee.Id}";

    private static string? Describe(ProjectRecord? project) => project is null ? null : Describe(project.Id, project.Slug);

    private static string Describe(string? id, string? slug) => $"{id}/{slug}";

    private static string? Describe(DateTimeOffset? at) => at?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static string? Describe(long? value) => value?.ToString(CultureInfo.InvariantCulture);
}
