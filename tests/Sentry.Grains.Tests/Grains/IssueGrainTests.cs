using Sentry.Grains.Issues;
using Sentry.Grains.Tests.Infrastructure;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Grains;

/// <summary>The issue grain on an Orleans TestingHost cluster: what callers see through its interface.</summary>
public sealed class IssueGrainTests(GrainCluster cluster) : IClassFixture<GrainCluster>
{
    private IIssueGrain Issue(string id) => cluster.Grains.GetGrain<IIssueGrain>(id);

    [Fact]
    public async Task A_redelivered_webhook_is_a_duplicate_with_no_second_effect()
    {
        var grain = Issue("g-dup");
        var created = Commands.From<IssueEventReceived>("error.created", 10) with { IssueId = "g-dup" };

        Assert.Equal(WebhookOutcome.Applied, await grain.RecordEventAsync(created));
        Assert.Equal(WebhookOutcome.Duplicate, await grain.RecordEventAsync(created));
        Assert.Equal(WebhookOutcome.Duplicate, await grain.RecordEventAsync(Commands.Redelivered(created)));

        Assert.Equal(1, (await grain.GetAsync())!.EventCount);
    }

    [Fact]
    public async Task A_stale_webhook_does_not_overwrite_newer_state()
    {
        var grain = Issue("g-stale");
        var resolved = Commands.From<IssueChanged>("issue.resolved", 20);
        var unresolved = Commands.From<IssueChanged>("issue.unresolved", 10);

        Assert.Equal(WebhookOutcome.Applied, await grain.ApplyIssueAsync(resolved with { Issue = resolved.Issue with { Id = "g-stale" } }));
        Assert.Equal(WebhookOutcome.Stale, await grain.ApplyIssueAsync(unresolved with { Issue = unresolved.Issue with { Id = "g-stale" } }));

        var snapshot = await grain.GetAsync();
        Assert.Equal("resolved", snapshot!.Issue!.Status);
        Assert.Equal("resolved", snapshot.LastAction);
    }

    [Fact]
    public async Task Comment_lifecycle_with_the_delete_arriving_before_the_update()
    {
        var grain = Issue("g-comments");
        Assert.Equal(WebhookOutcome.Applied, await grain.ApplyCommentAsync(Commands.Comment("created", "1", "first", 10, "g-comments")));
        Assert.Equal(WebhookOutcome.Applied, await grain.ApplyCommentAsync(Commands.Comment("created", "2", "second", 11, "g-comments")));
        Assert.Equal(WebhookOutcome.Applied, await grain.ApplyCommentAsync(Commands.Comment("updated", "2", "second, edited", 12, "g-comments")));
        Assert.Equal(WebhookOutcome.Applied, await grain.ApplyCommentAsync(Commands.Comment("deleted", "1", null, 30, "g-comments")));
        Assert.Equal(WebhookOutcome.Stale, await grain.ApplyCommentAsync(Commands.Comment("updated", "1", "too late", 20, "g-comments")));

        var comments = (await grain.GetAsync())!.Comments;
        Assert.Collection(
            comments,
            first => Assert.Equal(("1", null, true), (first.CommentId, first.Text, first.Deleted)),
            second => Assert.Equal(("2", "second, edited", false), (second.CommentId, second.Text, second.Deleted)));
    }

    [Fact]
    public async Task State_survives_deactivation()
    {
        var grain = Issue("g-deactivate");
        await grain.ApplyCommentAsync(Commands.Comment("created", "9", "kept", 10, "g-deactivate"));
        await cluster.Cluster.DeactivateAsync(grain);

        Assert.Equal("kept", Assert.Single((await grain.GetAsync())!.Comments).Text);
    }

    [Fact]
    public async Task An_issue_never_seen_is_null() => Assert.Null(await Issue("never-seen").GetAsync());
}
