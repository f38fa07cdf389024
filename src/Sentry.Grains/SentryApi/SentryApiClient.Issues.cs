using System.Net.Http.Headers;
using System.Text.Json;

namespace Sentry.Grains.SentryApi;

/// <summary>
/// Sentry's read API for reconciliation (notes in <c>/work/notes/sentry-api.md</c>), each call authenticated with an
/// installation's access token and answering the rate-limit headers with the value:
/// <list type="bullet">
/// <item><c>GET /api/0/organizations/{org}/issues/{id}/</c>: the issue (5 requests/s per organization);</item>
/// <item><c>GET /api/0/organizations/{org}/issues/{id}/autofix/</c>: Seer's autofix state, or none;</item>
/// <item><c>GET /api/0/organizations/{org}/issues/{id}/notes/</c>: the comments, following <c>Link</c> pages.</item>
/// </list>
/// 404 (<see cref="SentryApiException.IsNotFound"/>: the issue was deleted), 401/403
/// (<see cref="SentryApiException.IsAuthorizationFailure"/>) and 429 (<see cref="SentryApiException.RetryAfter"/>)
/// reach the caller as <see cref="SentryApiException"/>s with their status code.
/// </summary>
public sealed partial class SentryApiClient
{
    /// <summary>Pages of notes read at most unless the caller says otherwise (Sentry's pages hold 100).</summary>
    public const int DefaultMaxNotePages = 10;

    /// <summary>The issue <paramref name="issueId"/> of organization <paramref name="organizationSlug"/>.</summary>
    public Task<SentryApiAnswer<SentryIssue>> GetIssueAsync(
        string organizationSlug, string issueId, string accessToken, CancellationToken cancellationToken)
    {
        var operation = $"the details of issue {issueId}";
        return CallAsync(operation, [accessToken], async () =>
        {
            using var response = await GetAsync(IssuePath(organizationSlug, issueId), accessToken, operation, cancellationToken);
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), default, cancellationToken);
            var issue = SentryApiReader.Issue(document.RootElement)
                ?? throw new SentryApiException($"Sentry answered {(int)response.StatusCode} to {operation} without an issue id.", response.StatusCode, isTransient: true);
            return new SentryApiAnswer<SentryIssue>(issue, SentryRateLimit.From(response));
        }, cancellationToken);
    }

    /// <summary>Seer's autofix state of the issue: null when Sentry answers <c>{"autofix": null}</c> (no run).</summary>
    public Task<SentryApiAnswer<SentryAutofix?>> GetAutofixAsync(
        string organizationSlug, string issueId, string accessToken, CancellationToken cancellationToken)
    {
        var operation = $"the autofix state of issue {issueId}";
        return CallAsync(operation, [accessToken], async () =>
        {
            using var response = await GetAsync(IssuePath(organizationSlug, issueId) + "autofix/", accessToken, operation, cancellationToken);
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), default, cancellationToken);
            return new SentryApiAnswer<SentryAutofix?>(SentryApiReader.Autofix(document.RootElement), SentryRateLimit.From(response));
        }, cancellationToken);
    }

    /// <summary>
    /// The notes (comments) of the issue, newest first, following <c>rel="next"</c> while Sentry says it has results,
    /// at most <paramref name="maxPages"/> pages. The rate limit is the last page's.
    /// </summary>
    public Task<SentryApiAnswer<SentryNotes>> ListNotesAsync(
        string organizationSlug, string issueId, string accessToken, CancellationToken cancellationToken, int maxPages = DefaultMaxNotePages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPages, 1);
        var operation = $"the notes of issue {issueId}";
        return CallAsync(operation, [accessToken], async () =>
        {
            var notes = new List<SentryNote>();
            var rateLimit = SentryRateLimit.None;
            string? cursor = null;
            for (var page = 1; ; page++)
            {
                var path = IssuePath(organizationSlug, issueId) + "notes/" + (cursor is null ? "" : "?cursor=" + Uri.EscapeDataString(cursor));
                using var response = await GetAsync(path, accessToken, operation, cancellationToken);
                rateLimit = SentryRateLimit.From(response);
                using (var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), default, cancellationToken))
                {
                    notes.AddRange(SentryApiReader.Notes(document.RootElement));
                }

                cursor = SentryLinkHeader.NextCursor(response);
                if (cursor is null || page == maxPages)
                {
                    return new SentryApiAnswer<SentryNotes>(new SentryNotes(notes, page, cursor is null), rateLimit);
                }
            }
        }, cancellationToken);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string accessToken, string operation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await SendAsync(request, operation, cancellationToken, accessToken);
    }

    private static string IssuePath(string organizationSlug, string issueId) =>
        $"api/0/organizations/{Uri.EscapeDataString(organizationSlug)}/issues/{Uri.EscapeDataString(issueId)}/";
}
