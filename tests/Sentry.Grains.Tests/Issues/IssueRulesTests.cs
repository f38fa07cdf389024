using Sentry.Grains.Issues;
using Sentry.Grains.Storage;
using Sentry.Grains.Tests.Infrastructure;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Issues;

/// <summary>The issue rules as pure functions: ordering, deduplication, the comment lifecycle, events.</summary>
public sealed class IssueRulesTests
{
    private readonly RetentionOptions retention = new() { RecentEvents = 3 };
    private readonly IssueState state = new();

    [Fact]
    public void An_older_issue_webhook_does_not_overwrite_a_newer_one()
    {
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(state, Commands.From<IssueChanged>("issue.resolved", 20), retention));
        Assert.Equal(WebhookOutcome.Stale, IssueRules.Apply(state, Commands.From<IssueChanged>("issue.unresolved", 10), retention));

        Assert.Equal("resolved", state.Issue?.Status);
        Assert.Equal("in_next_release", state.ResolutionType);
    }

    [Fact]
    public void A_newer_unresolve_clears_the_resolution()
    {
        IssueRules.Apply(state, Commands.From<IssueChanged>("issue.resolved", 10), retention);
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(state, Commands.From<IssueChanged>("issue.unresolved", 20), retention));

        Assert.Equal("unresolved", state.Issue?.Status);
        Assert.Equal("regressed", state.Issue?.Substatus);
        Assert.Null(state.ResolutionType);
    }

    [Fact]
    public void Archived_and_ignored_are_both_accepted()
    {
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(state, Commands.From<IssueChanged>("issue.archived", 10), retention));
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(state, Commands.From<IssueChanged>("issue.ignored", 20), retention));
        Assert.Equal("ignored", state.Issue?.Status);
        Assert.Equal("archived_until_escalating", state.Issue?.Substatus);
    }

    [Fact]
    public void The_same_body_redelivered_with_a_new_request_id_and_later_timestamp_is_a_duplicate()
    {
        var resolved = Commands.From<IssueChanged>("issue.resolved", 10);
        IssueRules.Apply(state, resolved, retention);

        Assert.Equal(WebhookOutcome.Duplicate, IssueRules.Apply(state, Commands.Redelivered(resolved), retention));
        Assert.Equal(WebhookOutcome.Duplicate, IssueRules.Apply(state, resolved with { Delivery = resolved.Delivery with { BodyDigest = "other" } }, retention));
    }

    [Fact]
    public void Assigned_keeps_the_assignee()
    {
        IssueRules.Apply(state, Commands.From<IssueChanged>("issue.assigned", 10), retention);
        Assert.Equal("Jane Doe", state.Assignee?.Name);
        Assert.Equal("assigned", state.LastAction);
    }

    [Fact]
    public void A_deleted_comment_stays_deleted_when_a_late_update_arrives()
    {
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(state, Commands.Comment("created", "1", "first", 10), retention));
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(state, Commands.Comment("deleted", "1", null, 30), retention));
        Assert.Equal(WebhookOutcome.Stale, IssueRules.Apply(state, Commands.Comment("updated", "1", "edited", 20), retention));

        var comment = state.Comments["1"];
        Assert.True(comment.Deleted);
        Assert.Null(comment.Text);
    }

    [Fact]
    public void A_delete_before_its_create_leaves_a_tombstone_the_create_cannot_revive()
    {
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(state, Commands.Comment("deleted", "7", null, 30), retention));
        Assert.Equal(WebhookOutcome.Stale, IssueRules.Apply(state, Commands.Comment("created", "7", "hello", 10), retention));
        Assert.Equal(WebhookOutcome.Stale, IssueRules.Apply(state, Commands.Comment("updated", "7", "hello again", 20), retention));
        Assert.True(state.Comments["7"].Deleted);
    }

    [Fact]
    public void An_update_before_its_create_keeps_the_updated_text()
    {
        IssueRules.Apply(state, Commands.Comment("updated", "2", "edited", 20), retention);
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(state, Commands.Comment("created", "2", "original", 10), retention));
        Assert.Equal("edited", state.Comments["2"].Text);
        Assert.NotNull(state.Comments["2"].CreatedAt);
    }

    [Fact]
    public void Older_updates_of_a_comment_are_stale()
    {
        IssueRules.Apply(state, Commands.Comment("created", "3", "v1", 10), retention);
        IssueRules.Apply(state, Commands.Comment("updated", "3", "v3", 30), retention);
        Assert.Equal(WebhookOutcome.Stale, IssueRules.Apply(state, Commands.Comment("updated", "3", "v2", 20), retention));
        Assert.Equal("v3", state.Comments["3"].Text);
    }

    [Fact]
    public void Events_are_counted_once_per_event_id_and_the_newest_are_kept()
    {
        var error = Commands.From<IssueEventReceived>("error.created", 10);
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(state, error, retention));
        Assert.Equal(WebhookOutcome.Duplicate, IssueRules.Apply(state, Commands.Redelivered(error), retention));

        for (var i = 0; i < 5; i++)
        {
            var other = error with
            {
                Delivery = TestDeliveries.For([(byte)i], 20 + i),
                Event = error.Event with { EventId = $"e{i}", OccurredAt = TestDeliveries.Epoch.AddMinutes(i) },
            };
            Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(state, other, retention));
        }

        Assert.Equal(6, state.EventCount);
        Assert.Equal(["e4", "e3", "e2"], state.RecentEvents.Select(e => e.EventId));
    }

    [Fact]
    public void Remembered_deliveries_are_bounded()
    {
        var small = new RetentionOptions { Deliveries = 16 };
        for (var i = 0; i < 40; i++)
        {
            IssueRules.Apply(state, Commands.Comment("created", $"c{i}", "x", i), small);
        }

        Assert.Equal(16, state.Deliveries.RequestIds.Count);
        Assert.Equal(16, state.Deliveries.BodyDigests.Count);
    }
}
