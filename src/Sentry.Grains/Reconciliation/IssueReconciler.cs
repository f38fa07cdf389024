using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sentry.Grains.Installations;
using Sentry.Grains.Issues;
using Sentry.Grains.Seer;
using Sentry.Grains.SentryApi;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Reconciliation;

/// <summary>
/// Reconciles one issue with Sentry's API: reads the issue (its installation, hence organization and token, from the
/// issue grain and the installation grain), asks Sentry within the organization's budget — the issue, its notes when the
/// comment counts disagree, Seer's autofix state — and has the issue grain and the run grain apply the answers through
/// their webhook rules. The grains decide; this only orchestrates the reads (so no grain is held while Sentry answers).
/// Sentry's 404 marks the issue deleted in Sentry; 401/403 marks the installation's token as needing attention; 429
/// blocks the organization's budget until Sentry's <c>Retry-After</c>.
/// </summary>
public sealed partial class IssueReconciler(
    IGrainFactory grains,
    SentryApiClient api,
    IOptions<ReconcileOptions> options,
    TimeProvider time,
    ReconcileMetrics metrics,
    ILogger<IssueReconciler> logger)
{
    /// <summary>Reconciles issue <paramref name="issueId"/> (once more if it changed meanwhile); counts, logs and reports what differed.</summary>
    public async Task<ReconcileReport> ReconcileAsync(string issueId, ReconcileReason reason, CancellationToken cancellationToken)
    {
        var report = await OnceAsync(issueId, reason, cancellationToken);
        if (report.Outcome == ReconcileOutcome.Raced)
        {
            report = await OnceAsync(issueId, reason, cancellationToken);
        }

        metrics.Reconciled(reason, report.Outcome);
        foreach (var change in report.Changes)
        {
            metrics.Drift(change.Field);
        }

        foreach (var change in report.Changes)
        {
            if (DriftFields.IsStatistic(change.Field))
            {
                LogStatistic(logger, issueId, change.Field, Shorten(change.Before), Shorten(change.After), reason.Name());
            }
            else
            {
                LogDrift(logger, issueId, change.Field, Shorten(change.Before), Shorten(change.After), reason.Name());
            }
        }

        switch (report.Outcome)
        {
            case ReconcileOutcome.TokenRefused or ReconcileOutcome.Failed:
                LogNotReconciled(logger, issueId, ReconcileMetrics.OutcomeName(report.Outcome), reason.Name(), report.Detail);
                break;
            default:
                LogReconciled(logger, issueId, ReconcileMetrics.OutcomeName(report.Outcome), reason.Name(), report.Changes.Count, report.Detail);
                break;
        }

        return report;
    }

    private async Task<ReconcileReport> OnceAsync(string issueId, ReconcileReason reason, CancellationToken cancellationToken)
    {
        ReconcileReport Report(ReconcileOutcome outcome, IReadOnlyList<FieldDrift>? changes = null, DateTimeOffset? retryAt = null, string? detail = null) =>
            new(issueId, reason, outcome, changes ?? [], retryAt, detail);

        var issue = grains.GetGrain<IIssueGrain>(issueId);
        var snapshot = await issue.GetAsync();
        if (snapshot is null)
        {
            return Report(ReconcileOutcome.NotFound, detail: "No webhook about the issue was applied here.");
        }

        if (snapshot.DeletedInSentryAt is { } deletedAt && reason != ReconcileReason.OnDemand)
        {
            return Report(ReconcileOutcome.Skipped, detail: $"Deleted in Sentry (404 at {deletedAt:O}).");
        }

        if (snapshot.InstallationUuid is not { } uuid)
        {
            return Report(ReconcileOutcome.Skipped, detail: "No installation is known for the issue: none of its webhooks carried installation.uuid.");
        }

        var installation = grains.GetGrain<IInstallationGrain>(uuid);
        var access = await installation.GetApiAccessAsync();
        switch (access.Outcome)
        {
            case ApiAccessOutcome.Granted:
                break;
            case ApiAccessOutcome.NeedsAttention:
                return Report(ReconcileOutcome.TokenRefused, retryAt: access.RetryAt, detail: access.Detail);
            default:
                return Report(ReconcileOutcome.NotInstalled, retryAt: access.RetryAt, detail: $"Installation {uuid}: {access.Detail ?? access.Outcome.ToString()}");
        }

        var organization = access.OrganizationSlug!;
        var token = access.Token!;
        var requestId = $"reconcile:{reason.Name()}:{Guid.NewGuid():N}";

        var read = await ReadAsync(organization, "issue", () => api.GetIssueAsync(organization, issueId, token, cancellationToken), cancellationToken);
        if (read.DeferredUntil is { } deferred)
        {
            return Report(ReconcileOutcome.Deferred, retryAt: deferred, detail: $"Organization {organization}: no budget for a read before {deferred:O}.");
        }

        var delivery = ReconciledDeliveries.Create(requestId, read.AskedAt, uuid);
        if (read.Error is { } error)
        {
            if (error.IsAuthorizationFailure)
            {
                await installation.ReportTokenRefusedAsync((int)error.StatusCode!.Value, error.Message);
                return Report(ReconcileOutcome.TokenRefused, detail: error.Message);
            }

            if (!error.IsNotFound)
            {
                return Report(ReconcileOutcome.Failed, detail: error.Message);
            }

            await AcceptedAsync(installation, access);
            return await DeletedAsync(issue, delivery, $"Sentry answered 404 for issue {issueId}.", Report);
        }

        await AcceptedAsync(installation, access);
        var answer = read.Value!;
        if (answer.Id != issueId)
        {
            // Sentry redirects a merged issue to the one it was merged into: this one is gone.
            return await DeletedAsync(issue, delivery, $"Sentry answered issue {answer.Id} for issue {issueId} (merged into it).", Report);
        }

        var notes = new List<string>();
        IReadOnlyList<ReconciledComment>? comments = null;
        var complete = false;
        if (answer.NumComments is { } sentryCount && sentryCount != snapshot.Comments.Count(c => !c.Deleted))
        {
            var listed = await ReadAsync(organization, "notes", () => api.ListNotesAsync(organization, issueId, token, cancellationToken), cancellationToken);
            if (listed.Value is { } list)
            {
                comments = [.. list.Notes.Select(SentryAnswers.ToComment)];
                complete = list.Complete;
            }
            else
            {
                notes.Add($"Comments not read: {listed.Error?.Message ?? $"no budget before {listed.DeferredUntil:O}"}.");
            }
        }

        var applied = await issue.ReconcileAsync(new IssueReconciled(delivery, SentryAnswers.ToFields(answer), snapshot.Version, comments, complete));
        if (applied.Outcome == IssueReconcileOutcome.Raced)
        {
            return Report(ReconcileOutcome.Raced, detail: "The issue changed while Sentry was asked.");
        }

        var changes = applied.Changes.ToList();
        if (options.Value.ReadAutofix)
        {
            changes.AddRange(await ReconcileSeerAsync(organization, issueId, token, delivery, notes, cancellationToken));
        }

        return Report(changes.Count > 0 ? ReconcileOutcome.Changed : ReconcileOutcome.Unchanged, changes, detail: notes.Count > 0 ? string.Join(" ", notes) : null);
    }

    /// <summary>Seer's autofix state of the issue onto its run: the stages, pull requests and status the run lacks.</summary>
    private async Task<IReadOnlyList<FieldDrift>> ReconcileSeerAsync(
        string organization, string issueId, string token, Delivery delivery, List<string> notes, CancellationToken cancellationToken)
    {
        var read = await ReadAsync(organization, "autofix", () => api.GetAutofixAsync(organization, issueId, token, cancellationToken), cancellationToken);
        if (read.Value is not { } autofix)
        {
            if (read.Error is { } error)
            {
                // 403 here is Seer's own permission (Seer not enabled for the organization), not the token.
                notes.Add($"Autofix state not read: {error.Message}");
            }
            else if (read.DeferredUntil is { } deferred)
            {
                notes.Add($"Autofix state not read: no budget before {deferred:O}.");
            }

            return [];
        }

        var result = await grains.GetGrain<ISeerRunGrain>(autofix.RunId).ReconcileAsync(SentryAnswers.ToRun(autofix, issueId, delivery.Part("autofix")));
        var changes = new List<FieldDrift>();
        if (result.StagesAdded.Count > 0)
        {
            changes.Add(new FieldDrift(DriftFields.SeerStage, Describe(autofix.RunId, result.StageBefore), Describe(autofix.RunId, result.StageAfter)));
        }

        if (result.PullRequestsAdded > 0)
        {
            changes.Add(new FieldDrift(DriftFields.SeerPullRequests, null, string.Join(", ", autofix.PullRequests.Select(pr => pr.Url ?? $"{pr.Repo}#{pr.Number}"))));
        }

        if (result.StatusBefore != result.StatusAfter)
        {
            changes.Add(new FieldDrift(DriftFields.SeerStatus, result.StatusBefore, result.StatusAfter));
        }

        return changes;

        static string Describe(string runId, SeerStage? stage) => $"run {runId}: {stage?.Name() ?? "none"}";
    }

    private static async Task<ReconcileReport> DeletedAsync(
        IIssueGrain issue, Delivery delivery, string detail, Func<ReconcileOutcome, IReadOnlyList<FieldDrift>?, DateTimeOffset?, string?, ReconcileReport> report)
    {
        var marked = await issue.MarkDeletedInSentryAsync(delivery);
        return report(ReconcileOutcome.DeletedInSentry, marked ? [new FieldDrift(DriftFields.Deleted, null, delivery.ReceivedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture))] : [], null, detail);
    }

    /// <summary>A token that was refused before (this read was its probe) worked: the installation clears its attention.</summary>
    private static Task AcceptedAsync(IInstallationGrain installation, InstallationApiAccess access) =>
        access.IsProbe ? installation.ReportTokenAcceptedAsync() : Task.CompletedTask;

    /// <summary>
    /// One read within the organization's budget: waits (at most <c>Reconcile:MaxBudgetWait</c>) for a grant, asks Sentry,
    /// and tells the budget what Sentry's answer said about its limit (a 429, or nothing left in the window).
    /// </summary>
    private async Task<Read<T>> ReadAsync<T>(string organization, string endpoint, Func<Task<SentryApiAnswer<T>>> call, CancellationToken cancellationToken)
    {
        var budget = grains.GetGrain<IOrganizationBudgetGrain>(organization);
        if (await WaitForBudgetAsync(budget, cancellationToken) is { } deferred)
        {
            return new Read<T>(default, null, time.GetUtcNow(), deferred);
        }

        var askedAt = time.GetUtcNow();
        try
        {
            var answer = await call();
            metrics.Request(endpoint, "ok");
            if (answer.RateLimit is { Remaining: 0, ResetAt: { } resetAt } && resetAt > askedAt)
            {
                await budget.ExhaustedAsync(resetAt);
            }

            return new Read<T>(answer.Value, null, askedAt, null);
        }
        catch (SentryApiException error) when (error.IsRateLimited)
        {
            metrics.Request(endpoint, "rate_limited");
            var blockedUntil = await budget.TooManyRequestsAsync(error.RetryAfter);
            LogRateLimited(logger, organization, endpoint, blockedUntil);
            return new Read<T>(default, null, askedAt, blockedUntil);
        }
        catch (SentryApiException error)
        {
            metrics.Request(endpoint, error.IsNotFound ? "not_found" : error.IsAuthorizationFailure ? "refused" : "failed");
            return new Read<T>(default, error, askedAt, null);
        }
    }

    /// <summary>Null once a request is granted; otherwise the time the budget allows one, beyond the longest wait.</summary>
    private async Task<DateTimeOffset?> WaitForBudgetAsync(IOrganizationBudgetGrain budget, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var deadline = started + options.Value.MaxBudgetWait;
        for (var asked = 1; ; asked++)
        {
            var answer = await budget.TryAcquireAsync();
            var now = time.GetUtcNow();
            if (answer.Granted)
            {
                if (asked > 1)
                {
                    metrics.BudgetWaited(now - started);
                }

                return null;
            }

            if (answer.At > deadline)
            {
                return answer.At;
            }

            await Task.Delay(answer.At - now > TimeSpan.Zero ? answer.At - now : TimeSpan.FromMilliseconds(1), time, cancellationToken);
        }
    }

    private static string? Shorten(string? value) => value is { Length: > 200 } ? value[..200] + "…" : value;

    private sealed record Read<T>(T? Value, SentryApiException? Error, DateTimeOffset AskedAt, DateTimeOffset? DeferredUntil);

    [LoggerMessage(Level = LogLevel.Information, Message = "Issue {IssueId} differed from Sentry ({Reason}): {Field} was {Before}, Sentry has {After}; applied")]
    private static partial void LogDrift(ILogger logger, string issueId, string field, string? before, string? after, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Issue {IssueId} ({Reason}): statistic {Field} refreshed from {Before} to {After}")]
    private static partial void LogStatistic(ILogger logger, string issueId, string field, string? before, string? after, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Issue {IssueId} reconciled ({Reason}): {Outcome}, {Changes} change(s). {Detail}")]
    private static partial void LogReconciled(ILogger logger, string issueId, string outcome, string reason, int changes, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Issue {IssueId} not reconciled ({Reason}): {Outcome}. {Detail}")]
    private static partial void LogNotReconciled(ILogger logger, string issueId, string outcome, string reason, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Organization {Organization}: Sentry answered 429 to a read of {Endpoint}; no reads before {BlockedUntil:O}")]
    private static partial void LogRateLimited(ILogger logger, string organization, string endpoint, DateTimeOffset blockedUntil);
}
