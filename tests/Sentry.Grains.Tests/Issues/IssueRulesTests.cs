using Sentry.Grains.Issues;
using Sentry.Grains.Storage;
using Sentry.Grains.Tests.Infrastructure;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Issues;

/// <summary>The issue rules as pure functions: ordering, deduplication, the comment lifecycle, events.</summary>
public sealed class IssueRulesTests
{
    private readonly IssueHead head = new();
    private readonly IssueModel model;

    public IssueRulesTests() => model = IssueModel.Detached(head, new RetentionOptions { RecentEvents = 3 });

    [Fact]
    public void An_older_issue_webhook_does_not_overwrite_a_newer_one()
    {
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(model, Commands.From<IssueChanged>("issue.resolved", 20)));
        Assert.Equal(WebhookOutcome.Stale, IssueRules.Apply(model, Commands.From<IssueChanged>("issue.unresolved", 10)));

        Assert.Equal("resolved", head.Issue?.Status);
        Assert.Equal("in_next_release", head.ResolutionType);
    }

    [Fact]
    public void A_newer_unresolve_clears_the_resolution()
    {
        IssueRules.Apply(model, Commands.From<IssueChanged>("issue.resolved", 10));
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(model, Commands.From<IssueChanged>("issue.unresolved", 20)));

        Assert.Equal("unresolved", head.Issue?.Status);
        Assert.Equal("regressed", head.Issue?.Substatus);
        Assert.Null(head.ResolutionType);
    }

    [Fact]
    public void Archived_and_ignored_are_both_accepted()
    {
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(model, Commands.From<IssueChanged>("issue.archived", 10)));
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(model, Commands.From<IssueChanged>("issue.ignored", 20)));
        Assert.Equal("ignored", head.Issue?.Status);
        Assert.Equal("archived_until_escalating", head.Issue?.Substatus);
    }

    [Fact]
    public void The_same_body_redelivered_with_a_new_request_id_and_later_timestamp_is_a_duplicate()
    {
        var resolved = Commands.From<IssueChanged>("issue.resolved", 10);
        IssueRules.Apply(model, resolved);

        Assert.Equal(WebhookOutcome.Duplicate, IssueRules.Apply(model, Commands.Redelivered(resolved)));
    }

    [Fact]
    public void Assigned_keeps_the_assignee()
    {
        IssueRules.Apply(model, Commands.From<IssueChanged>("issue.assigned", 10));
        Assert.Equal("Jane Doe", head.Assignee?.Name);
        Assert.Equal("assigned", head.LastAction);
    }

    [Fact]
    public void A_deleted_comment_stays_deleted_when_a_late_update_arrives()
    {
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(model, Commands.Comment("created", "1", "first", 10)));
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(model, Commands.Comment("deleted", "1", null, 30)));
        Assert.Equal(WebhookOutcome.Stale, IssueRules.Apply(model, Commands.Comment("updated", "1", "edited", 20)));

        var comment = model.Comment("1")!;
        Assert.True(comment.Deleted);
        Assert.Null(comment.Text);
    }

    [Fact]
    public void A_delete_before_its_create_leaves_a_tombstone_the_create_cannot_revive()
    {
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(model, Commands.Comment("deleted", "7", null, 30)));
        Assert.Equal(WebhookOutcome.Stale, IssueRules.Apply(model, Commands.Comment("created", "7", "hello", 10)));
        Assert.Equal(WebhookOutcome.Stale, IssueRules.Apply(model, Commands.Comment("updated", "7", "hello again", 20)));
        Assert.True(model.Comment("7")!.Deleted);
    }

    [Fact]
    public void An_update_before_its_create_keeps_the_updated_text()
    {
        IssueRules.Apply(model, Commands.Comment("updated", "2", "edited", 20));
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(model, Commands.Comment("created", "2", "original", 10)));
        Assert.Equal("edited", model.Comment("2")!.Text);
        Assert.NotNull(model.Comment("2")!.CreatedAt);
    }

    [Fact]
    public void Older_updates_of_a_comment_are_stale()
    {
        IssueRules.Apply(model, Commands.Comment("created", "3", "v1", 10));
        IssueRules.Apply(model, Commands.Comment("updated", "3", "v3", 30));
        Assert.Equal(WebhookOutcome.Stale, IssueRules.Apply(model, Commands.Comment("updated", "3", "v2", 20)));
        Assert.Equal("v3", model.Comment("3")!.Text);
    }

    [Fact]
    public void Events_are_counted_once_per_event_id_and_the_newest_are_kept()
    {
        var error = Commands.From<IssueEventReceived>("error.created", 10);
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(model, error));
        Assert.Equal(WebhookOutcome.Duplicate, IssueRules.Apply(model, Commands.Redelivered(error)));

        for (var i = 0; i < 5; i++)
        {
            var other = error with
            {
                Delivery = TestDeliveries.For([(byte)i], 20 + i),
                Event = error.Event with { EventId = $"{i:x32}", OccurredAt = TestDeliveries.Epoch.AddMinutes(i) },
            };
            Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(model, other));
        }

        Assert.Equal(6, head.EventCount);
        Assert.Equal([$"{4:x32}", $"{3:x32}", $"{2:x32}"], model.RecentEvents(3).Select(e => e.EventId));
    }

    [Fact]
    public void A_body_is_a_duplicate_within_the_window_however_many_webhooks_came_since_and_applies_again_after_it()
    {
        var resolved = Commands.From<IssueChanged>("issue.resolved", 10);
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(model, resolved));
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(model, Commands.Comment("created", $"{i + 1}", "x", 20 + i, issueId: "1170820242")));
        }

        Assert.Equal(WebhookOutcome.Duplicate, IssueRules.Apply(model, Commands.Redelivered(resolved, secondsLater: 23 * 3600)));
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(model, Commands.Redelivered(resolved, secondsLater: 25 * 3600)));
    }

    [Fact]
    public void A_comment_or_an_event_older_than_the_newest_is_told_apart_from_a_poisoned_future_time()
    {
        var poisoned = Commands.From<IssueChanged>("issue.resolved", 0) is var resolved
            ? resolved with { Delivery = TestDeliveries.Received(resolved.Delivery.BodyDigest, TestDeliveries.Epoch.AddYears(70), TestDeliveries.Epoch) }
            : null!;
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(model, poisoned));
        Assert.Equal(TestDeliveries.Epoch, head.IssueOrderAt);

        // State written before timestamps were checked may hold a far-future ordering time: it never makes a webhook stale.
        head.IssueOrderAt = TestDeliveries.Epoch.AddYears(70);
        Assert.Equal(WebhookOutcome.Applied, IssueRules.Apply(model, Commands.From<IssueChanged>("issue.unresolved", 60)));
        Assert.Equal("unresolved", head.Issue?.Status);
        Assert.Equal(TestDeliveries.Epoch.AddSeconds(60), head.IssueOrderAt);
        Assert.Equal(WebhookOutcome.Stale, IssueRules.Apply(model, Commands.From<IssueChanged>("issue.assigned", 30)));
    }
}
