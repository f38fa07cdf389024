namespace Sentry.Grains.SentryApi;

/// <summary>
/// Seer's autofix state of an issue (<c>GET .../issues/{id}/autofix/</c>, experimental: its shape changes). Read
/// from both shapes Sentry has used: <c>steps</c> (older: <c>key</c>, <c>title</c>, <c>status</c>, changes with
/// their <c>pull_request</c>) and <c>blocks</c> + <c>repo_pr_states</c> (current). What is not mapped is in
/// <see cref="RawJson"/> (the whole <c>autofix</c> object).
/// </summary>
[GenerateSerializer, Immutable, Alias("sentry.SentryAutofix")]
public sealed record SentryAutofix
{
    [Id(0)] public required string RunId { get; init; }

    /// <summary>Seer's status of the run (<c>PROCESSING</c>, <c>COMPLETED</c>, <c>ERROR</c>, ...).</summary>
    [Id(1)] public string? Status { get; init; }

    [Id(2)] public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The steps (or blocks) the run reached, in Sentry's order.</summary>
    [Id(3)] public IReadOnlyList<SentryAutofixStep> Steps { get; init; } = [];

    /// <summary>Pull requests the run opened, one per repository and number.</summary>
    [Id(4)] public IReadOnlyList<SentryPullRequest> PullRequests { get; init; } = [];

    [Id(5)] public required string RawJson { get; init; }
}

/// <summary>One step of an autofix run: its key (<c>root_cause_analysis</c>, <c>solution</c>, <c>changes</c>, ...), title and status.</summary>
[GenerateSerializer, Immutable, Alias("sentry.SentryAutofixStep")]
public sealed record SentryAutofixStep(
    [property: Id(0)] string? Key,
    [property: Id(1)] string? Title,
    [property: Id(2)] string? Status);

/// <summary>A pull request an autofix run opened.</summary>
[GenerateSerializer, Immutable, Alias("sentry.SentryPullRequest")]
public sealed record SentryPullRequest(
    [property: Id(0)] string? Repo,
    [property: Id(1)] long? Number,
    [property: Id(2)] string? Url);
