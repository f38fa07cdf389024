using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>
/// The fake's read API, per organization and issue id: issue details, autofix state and notes (Link pagination,
/// <see cref="NotesPageSize"/> a page). Only a current access token of an installation of that organization reads
/// them (401 for an unknown or replaced token, 403 for another organization's); 404 for an issue that was deleted
/// or never set. What Sentry holds is whatever the test set (<see cref="SetIssue"/>, <see cref="UpdateIssue"/>,
/// <see cref="SetAutofix"/>, <see cref="AddNote"/>), independently of the webhooks it sent: that is how drift is made.
/// </summary>
public sealed partial class FakeSentry
{
    private readonly Dictionary<(string Organization, string Id), JsonObject> issues = [];
    private readonly Dictionary<(string Organization, string Id), JsonObject> autofixRuns = [];
    private readonly Dictionary<(string Organization, string Id), List<JsonObject>> notes = [];
    private readonly Dictionary<string, int> refusals = new(StringComparer.Ordinal);
    private int notesPageSize = 100;

    /// <summary>Notes a page of <c>.../notes/</c> holds (Sentry: 100).</summary>
    public int NotesPageSize
    {
        get { lock (gate) { return notesPageSize; } }
        set { lock (gate) { notesPageSize = value; } }
    }

    /// <summary>Sentry now holds <paramref name="issue"/> (its <c>id</c> is the key) for <paramref name="organization"/>.</summary>
    public void SetIssue(string organization, JsonObject issue)
    {
        lock (gate)
        {
            issues[(organization, (string)issue["id"]!)] = (JsonObject)issue.DeepClone();
        }
    }

    /// <summary>Changes what Sentry holds for the issue, as a change made in Sentry that no webhook reported.</summary>
    public void UpdateIssue(string organization, string issueId, Action<JsonObject> change)
    {
        lock (gate)
        {
            change(issues[(organization, issueId)]);
        }
    }

    /// <summary>The issue is deleted in Sentry: its reads answer 404.</summary>
    public void DeleteIssue(string organization, string issueId)
    {
        lock (gate)
        {
            issues.Remove((organization, issueId));
            autofixRuns.Remove((organization, issueId));
            notes.Remove((organization, issueId));
        }
    }

    /// <summary>The issue's autofix run (see <see cref="AutofixRun"/>), or none: <c>{"autofix": null}</c>.</summary>
    public void SetAutofix(string organization, string issueId, JsonObject? run)
    {
        lock (gate)
        {
            if (run is null)
            {
                autofixRuns.Remove((organization, issueId));
            }
            else
            {
                autofixRuns[(organization, issueId)] = (JsonObject)run.DeepClone();
            }
        }
    }

    /// <summary>A note (comment) on the issue, as ActivitySerializer shows it.</summary>
    public void AddNote(string organization, string issueId, string noteId, string text, string author, DateTimeOffset createdAt)
    {
        lock (gate)
        {
            if (!notes.TryGetValue((organization, issueId), out var list))
            {
                notes[(organization, issueId)] = list = [];
            }

            list.Add(new JsonObject
            {
                ["id"] = noteId,
                ["user"] = new JsonObject { ["id"] = "1", ["name"] = author, ["username"] = author, ["email"] = $"{author}@example.com" },
                ["sentry_app"] = null,
                ["type"] = "note",
                ["data"] = new JsonObject { ["text"] = text, ["mentions"] = new JsonArray() },
                ["dateCreated"] = Stamp(createdAt),
            });
        }
    }

    /// <summary>Reads of <paramref name="organization"/> answer <paramref name="status"/> (401 or 403) until set back to null.</summary>
    public void SetRefusal(string organization, HttpStatusCode? status)
    {
        lock (gate)
        {
            if (status is { } refused)
            {
                refusals[organization] = (int)refused;
            }
            else
            {
                refusals.Remove(organization);
            }
        }
    }

    /// <summary>An issue as GroupSerializer and the details endpoint show it (the fields of <c>/work/notes/sentry-api.md</c>).</summary>
    public static JsonObject NewIssue(string id, string status = "unresolved", string? substatus = "ongoing", string title = "Error: something broke", int numComments = 0) => new()
    {
        ["id"] = id,
        ["shortId"] = "TEST-" + id,
        ["title"] = title,
        ["culprit"] = "app/handlers.py in handle",
        ["permalink"] = $"https://test-org.sentry.io/issues/{id}/",
        ["logger"] = null,
        ["level"] = "error",
        ["status"] = status,
        ["substatus"] = substatus,
        ["statusDetails"] = new JsonObject(),
        ["priority"] = "high",
        ["isPublic"] = false,
        ["platform"] = "python",
        ["project"] = new JsonObject { ["id"] = "4505", ["name"] = "backend", ["slug"] = "backend", ["platform"] = "python" },
        ["type"] = "error",
        ["issueType"] = "error",
        ["issueCategory"] = "error",
        ["metadata"] = new JsonObject { ["type"] = "Error", ["value"] = "something broke" },
        ["numComments"] = numComments,
        ["assignedTo"] = null,
        ["isBookmarked"] = false,
        ["isSubscribed"] = false,
        ["hasSeen"] = false,
        ["annotations"] = new JsonArray(),
        ["isUnhandled"] = true,
        ["count"] = "42",
        ["userCount"] = 7,
        ["firstSeen"] = "2026-01-01T10:00:00.000000Z",
        ["lastSeen"] = "2026-01-02T10:00:00.000000Z",
        ["activity"] = new JsonArray(),
        ["seenBy"] = new JsonArray(),
        ["participants"] = new JsonArray(),
        ["tags"] = new JsonArray(),
        ["userReportCount"] = 0,
    };

    /// <summary>An autofix state (the older <c>steps</c> shape) with <paramref name="steps"/> completed and a PR per entry of <paramref name="pullRequests"/>.</summary>
    public static JsonObject AutofixRun(string runId, string status, DateTimeOffset updatedAt, string[] steps, params (string Repo, long Number, string Url)[] pullRequests)
    {
        var stepArray = new JsonArray();
        foreach (var key in steps)
        {
            var step = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["key"] = key, ["title"] = key.Replace('_', ' '), ["status"] = "COMPLETED" };
            if (key == "changes")
            {
                var changes = new JsonArray();
                foreach (var (repo, number, url) in pullRequests)
                {
                    changes.Add(new JsonObject
                    {
                        ["repo_name"] = repo,
                        ["title"] = "Fix it",
                        ["diff"] = new JsonArray(),
                        ["pull_request"] = new JsonObject { ["pr_number"] = number, ["pr_url"] = url, ["pr_id"] = number * 10 },
                    });
                }

                step["changes"] = changes;
            }

            stepArray.Add(step);
        }

        return new JsonObject
        {
            ["run_id"] = long.Parse(runId, CultureInfo.InvariantCulture),
            ["status"] = status,
            ["updated_at"] = Stamp(updatedAt),
            ["steps"] = stepArray,
            ["request"] = new JsonObject { ["organization_id"] = 1 },
            ["codebases"] = new JsonObject(),
        };
    }

    private void MapIssues(WebApplication app)
    {
        app.MapGet("/api/0/organizations/{org}/issues/{id}/", (string org, string id, HttpContext http) => ReadAsync(FakeSentryEndpoint.Issue, org, id, http));
        app.MapGet("/api/0/organizations/{org}/issues/{id}/autofix/", (string org, string id, HttpContext http) => ReadAsync(FakeSentryEndpoint.Autofix, org, id, http));
        app.MapGet("/api/0/organizations/{org}/issues/{id}/notes/", (string org, string id, HttpContext http) => ReadAsync(FakeSentryEndpoint.Notes, org, id, http));
    }

    /// <summary>One read: who the token belongs to, refusals, rate limit, then what Sentry holds.</summary>
    private async Task<IResult> ReadAsync(FakeSentryEndpoint endpoint, string organization, string issueId, HttpContext http)
    {
        var uuid = InstallationOfToken(http.Request.Headers.Authorization.ToString()) ?? "";
        await ArriveAsync(uuid, endpoint);
        lock (gate)
        {
            inFlight[organization] = inFlight.GetValueOrDefault(organization) + 1;
        }

        try
        {
            lock (gate)
            {
                if (Injected(uuid, endpoint) is { } injected)
                {
                    return Answer(endpoint, uuid, injected, new { detail = $"Injected failure {injected}." }, http, organization, issueId);
                }

                if (uuid.Length == 0)
                {
                    return Answer(endpoint, uuid, 401, new { detail = "Invalid token" }, http, organization, issueId);
                }

                if (refusals.TryGetValue(organization, out var refused))
                {
                    return Answer(endpoint, uuid, refused, new { detail = refused == 401 ? "Invalid token" : "You do not have permission to perform this action." }, http, organization, issueId);
                }

                if (OrganizationOf(uuid) != organization)
                {
                    return Answer(endpoint, uuid, 403, new { detail = "You do not have permission to perform this action." }, http, organization, issueId);
                }

                if (TooManyRequestsLocked(endpoint, uuid, organization, issueId, http) is { } tooMany)
                {
                    return tooMany;
                }

                if (!issues.TryGetValue((organization, issueId), out var issue))
                {
                    return Answer(endpoint, uuid, 404, new { detail = "The requested resource does not exist" }, http, organization, issueId);
                }

                return endpoint switch
                {
                    FakeSentryEndpoint.Issue => Answer(endpoint, uuid, 200, issue.DeepClone(), http, organization, issueId),
                    FakeSentryEndpoint.Autofix => Answer(endpoint, uuid, 200, new JsonObject { ["autofix"] = autofixRuns.GetValueOrDefault((organization, issueId))?.DeepClone() }, http, organization, issueId),
                    _ => NotesPageLocked(uuid, organization, issueId, http),
                };
            }
        }
        finally
        {
            lock (gate)
            {
                inFlight[organization]--;
            }
        }
    }

    /// <summary>A page of notes, newest first, with Sentry's <c>Link</c> header (cursor <c>0:offset:is_prev</c>).</summary>
    private IResult NotesPageLocked(string uuid, string organization, string issueId, HttpContext http)
    {
        var all = notes.GetValueOrDefault((organization, issueId), []).OrderByDescending(n => (string)n["dateCreated"]!, StringComparer.Ordinal).ToList();
        var offset = http.Request.Query["cursor"].ToString().Split(':') is [_, var text, _] && int.TryParse(text, CultureInfo.InvariantCulture, out var at) ? at : 0;
        var size = notesPageSize;
        var page = new JsonArray([.. all.Skip(offset).Take(size).Select(n => n.DeepClone())]);
        var url = $"{BaseUrl.AbsoluteUri.TrimEnd('/')}{http.Request.Path}";
        var previous = Math.Max(0, offset - size);
        var next = offset + size;
        http.Response.Headers.Link =
            $"<{url}?&cursor=0:{previous}:1>; rel=\"previous\"; results=\"{(offset > 0 ? "true" : "false")}\"; cursor=\"0:{previous}:1\", " +
            $"<{url}?&cursor=0:{next}:0>; rel=\"next\"; results=\"{(next < all.Count ? "true" : "false")}\"; cursor=\"0:{next}:0\"";
        return Answer(FakeSentryEndpoint.Notes, uuid, 200, page, http, organization, issueId);
    }

    /// <summary>The installation whose current access token is in <paramref name="authorization"/> (<c>Bearer …</c>), or null.</summary>
    private string? InstallationOfToken(string authorization)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return null;
        }

        var token = authorization[7..];
        lock (gate)
        {
            return current.FirstOrDefault(pair => pair.Value.Token == token).Key;
        }
    }
}
