using Sentry.Grains.Issues;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Seer;
using Sentry.Grains.Silo.Api.Responses;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Silo.Api;

/// <summary>
/// <c>GET /api/issues/{id}</c>: the issue snapshot, its comments, events, latest activity and Seer runs;
/// <c>GET /api/issues/{id}/seer-runs</c>: those runs whole, newest first. An id that is not a Sentry id is a 400.
/// </summary>
public static class IssuesApi
{
    public static RouteGroupBuilder MapIssuesApi(this RouteGroupBuilder api)
    {
        var issues = api.MapGroup("/issues").WithTags("Issues");
        issues.MapGet("/", ListIssuesAsync)
            .WithName("ListIssues")
            .WithDescription("Issues from the read model, newest first: filters project, status, substatus, priority, assignee (none, #team, or a user's email, name or id), category, seerStage, hasPr, updatedSince; sort=updatedAt|lastSeen; limit (1-500, default 50); cursor from a previous page's next link.")
            .Produces<ListResponse<IssueRow>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        issues.MapGet("/{id}", GetIssueAsync)
            .WithName("GetIssue")
            .Produces<IssueResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        issues.MapGet("/{id}/seer-runs", GetSeerRunsAsync)
            .WithName("GetIssueSeerRuns")
            .Produces<IReadOnlyList<SeerRunResponse>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> ListIssuesAsync(HttpRequest request, IReadModelStore store, CancellationToken cancellationToken)
    {
        var q = QueryString.Of(request, "project", "status", "substatus", "priority", "assignee", "category", "seerStage", "hasPr", "updatedSince", "sort", "limit", "cursor");
        var query = new IssueQuery
        {
            Project = q.Text("project"),
            Status = q.Text("status"),
            Substatus = q.Text("substatus"),
            Priority = q.Text("priority"),
            Assignee = q.Text("assignee"),
            Category = q.Text("category"),
            SeerStage = q.Stage("seerStage"),
            HasPr = q.Boolean("hasPr"),
            UpdatedSince = q.Time("updatedSince"),
            Sort = q.OneOf("sort", ["updatedAt", "lastSeen"]) == "lastSeen" ? IssueSort.LastSeen : IssueSort.UpdatedAt,
            Limit = q.Limit(PageQuery.DefaultLimit, PageQuery.MaxLimit),
            After = q.Position(),
        };
        return q.Problem ?? ReadModelLists.Answer(request, await store.ListIssuesAsync(query, cancellationToken));
    }

    private static async Task<IResult> GetIssueAsync(string id, IGrainFactory grains)
    {
        if (!RouteKeys.TryRead(KeyShape.SentryId, id, "Sentry issue", out var key, out var problem))
        {
            return problem;
        }

        return await grains.GetGrain<IIssueGrain>(key).GetAsync() is { } issue
            ? TypedResults.Ok(IssueResponse.From(issue))
            : ApiResults.NotFound("issue", key);
    }

    private static async Task<IResult> GetSeerRunsAsync(string id, IGrainFactory grains)
    {
        if (!RouteKeys.TryRead(KeyShape.SentryId, id, "Sentry issue", out var key, out var problem))
        {
            return problem;
        }

        var issue = await grains.GetGrain<IIssueGrain>(key).GetAsync();
        if (issue is null)
        {
            return ApiResults.NotFound("issue", key);
        }

        var runs = await Task.WhenAll(issue.SeerRuns.Select(run => grains.GetGrain<ISeerRunGrain>(run.RunId).GetAsync()));
        return TypedResults.Ok(runs.OfType<SeerRunSnapshot>().Select(SeerRunResponse.From).ToList());
    }
}
