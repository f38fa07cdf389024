using System.Globalization;
using Sentry.Grains.Issues;
using Sentry.Grains.Reconciliation;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Silo.Api;

/// <summary>
/// <c>POST /api/issues/{id}/reconcile</c>: reconciles the issue with Sentry's API now and answers what changed;
/// <c>GET /api/reconcile/sweep</c>: the sweep's settings and recent sweeps; <c>POST /api/reconcile/sweep</c>: starts one now.
/// </summary>
public static class ReconcileApi
{
    public static RouteGroupBuilder MapReconcileApi(this RouteGroupBuilder api)
    {
        api.MapPost("/issues/{id}/reconcile", ReconcileIssueAsync)
            .WithTags("Reconciliation")
            .WithName("ReconcileIssue")
            .WithDescription("Reads the issue (its notes when the comment counts differ, and Seer's autofix state) from Sentry with its installation's token, within the organization's budget, and applies what differs. 429 with Retry-After when the budget (or Sentry) allows no request soon enough; 409 when there is no usable installation or token; 502 when Sentry's answer could not be had.")
            .Produces<ReconcileResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway);

        var sweep = api.MapGroup("/reconcile/sweep").WithTags("Reconciliation");
        sweep.MapGet("/", (IGrainFactory grains) => grains.GetGrain<IReconcileSweepGrain>(ReconcileSweepGrain.Key).GetStatusAsync())
            .WithName("GetReconcileSweep")
            .Produces<ReconcileSweepStatus>();
        sweep.MapPost("/", async (IGrainFactory grains) => TypedResults.Accepted("/api/reconcile/sweep", await grains.GetGrain<IReconcileSweepGrain>(ReconcileSweepGrain.Key).StartAsync()))
            .WithName("StartReconcileSweep")
            .Produces<ReconcileSweepStatus>(StatusCodes.Status202Accepted);
        return api;
    }

    private static async Task<IResult> ReconcileIssueAsync(string id, IssueReconciler reconciler, HttpContext http, CancellationToken cancellationToken)
    {
        if (!RouteKeys.TryRead(KeyShape.SentryId, id, "Sentry issue", out var key, out var problem))
        {
            return problem;
        }

        var report = await reconciler.ReconcileAsync(key, ReconcileReason.OnDemand, cancellationToken);
        switch (report.Outcome)
        {
            case ReconcileOutcome.Changed or ReconcileOutcome.Unchanged or ReconcileOutcome.DeletedInSentry:
                return TypedResults.Ok(ReconcileResponse.From(report));
            case ReconcileOutcome.NotFound:
                return ApiResults.NotFound("issue", key);
            case ReconcileOutcome.Deferred:
                if (report.RetryAt is { } retryAt)
                {
                    var seconds = Math.Max(1, (long)Math.Ceiling((retryAt - DateTimeOffset.UtcNow).TotalSeconds));
                    http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Sentry's budget for this organization is used up for now", detail: report.Detail);
            case ReconcileOutcome.Failed:
                return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Sentry's answer could not be had", detail: report.Detail);
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Not reconciled: {ReconcileMetrics.OutcomeName(report.Outcome)}", detail: report.Detail);
        }
    }
}

/// <summary>What a reconciliation did: its outcome (<c>changed</c>, <c>unchanged</c>, <c>deleted_in_sentry</c>) and every field that differed.</summary>
public sealed record ReconcileResponse(string IssueId, string Outcome, IReadOnlyList<FieldDrift> Changes, string? Detail)
{
    public static ReconcileResponse From(ReconcileReport report) => new(report.IssueId, ReconcileMetrics.OutcomeName(report.Outcome), report.Changes, report.Detail);
}
