using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sentry.Grains.Storage;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Issues;

/// <summary>
/// One Sentry issue. Every webhook method does the same four things: load (Orleans did), decide
/// through <see cref="IssueRules"/>, write the state once if applied, answer the outcome.
/// </summary>
public sealed class IssueGrain(
    [PersistentState("issue")] IPersistentState<IssueState> state,
    IOptions<RetentionOptions> retention,
    ILogger<IssueGrain> logger) : Grain, IIssueGrain
{
    public Task<WebhookOutcome> ApplyIssueAsync(IssueChanged change) =>
        CommitAsync(IssueRules.Apply(state.State, change, retention.Value));

    public Task<WebhookOutcome> ApplyCommentAsync(CommentChanged change) =>
        CommitAsync(IssueRules.Apply(state.State, change, retention.Value));

    public Task<WebhookOutcome> RecordEventAsync(IssueEventReceived received) =>
        CommitAsync(IssueRules.Apply(state.State, received, retention.Value));

    public Task<WebhookOutcome> RecordActivityAsync(IssueActivityReceived received) =>
        CommitAsync(IssueRules.Apply(state.State, received, retention.Value));

    public async Task LinkSeerRunAsync(IssueSeerRun run)
    {
        if (IssueRules.Link(state.State, run))
        {
            await state.WriteOrReloadAsync(this, logger);
        }
    }

    public Task<IssueSnapshot?> GetAsync() =>
        Task.FromResult(state.State.Exists ? IssueRules.ToSnapshot(this.GetPrimaryKeyString(), state.State) : null);

    private async Task<WebhookOutcome> CommitAsync(WebhookOutcome outcome)
    {
        if (outcome == WebhookOutcome.Applied)
        {
            await state.WriteOrReloadAsync(this, logger);
        }

        return outcome;
    }
}
