using System.Text.Json;
using Sentry.Grains.Issues;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Reconciliation;
using Sentry.Grains.Storage;
using Sentry.Grains.Tests.Infrastructure;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.Reconciliation;

/// <summary>The issue's reconcile rules as pure functions: what differs, what is applied, and where the history says it came from.</summary>
public sealed class IssueReconcileRulesTests
{
    private readonly IssueHead head = new();
    private readonly IssueModel model;

    public IssueReconcileRulesTests() => model = IssueModel.Detached(head, new RetentionOptions(), key: "1234567890");

    private IssueChanged Created => Commands.From<IssueChanged>("issue.created", 10);

    private static Delivery Asked(int secondsAfterEpoch) =>
        ReconciledDeliveries.Create("reconcile:test:" + secondsAfterEpoch, TestDeliveries.Epoch.AddSeconds(secondsAfterEpoch), "installation-1");

    private IssueReconciled Answer(Func<IssueFields, IssueFields> sentry, int secondsAfterEpoch = 100, IReadOnlyList<ReconciledComment>? comments = null, bool complete = true) =>
        new(Asked(secondsAfterEpoch), sentry(Created.Issue), head.Version, comments, complete);

    [Fact]
    public void An_issue_that_agrees_with_sentry_is_unchanged_and_nothing_is_recorded()
    {
        IssueRules.Apply(model, Created);
        var version = head.Version;

        var result = IssueRules.Reconcile(model, Answer(issue => issue));

        Assert.Equal(IssueReconcileOutcome.Unchanged, result.Outcome);
        Assert.Empty(result.Changes);
        Assert.Equal(version, head.Version);
        Assert.Equal(ChangeSource.Webhook, head.LastChangeSource);
    }

    [Fact]
    public void A_status_sentry_changed_without_a_webhook_is_applied_as_reconciled_with_the_fields_before_and_after()
    {
        IssueRules.Apply(model, Created);

        var result = IssueRules.Reconcile(model, Answer(issue => issue with
        {
            Status = "resolved",
            Substatus = null,
            AssignedTo = new Assignee("user", "42", "Jane", "jane@example.com"),
        }));

        Assert.Equal(IssueReconcileOutcome.Changed, result.Outcome);
        Assert.Equal([DriftFields.Status, DriftFields.Substatus, DriftFields.AssignedTo], result.Changes.Select(c => c.Field));
        Assert.Equal(new FieldDrift(DriftFields.Status, "unresolved", "resolved"), result.Changes[0]);
        Assert.Equal("resolved", head.Issue!.Status);
        Assert.Equal("resolved", head.LastAction);
        Assert.Null(head.LastActionBy);
        Assert.Equal(ChangeSource.Reconciled, head.LastChangeSource);
        Assert.Equal("https://example-org.sentry.io/issues/1234567890/", head.Issue.WebUrl);

        var change = head.Outbox.Pending[^1];
        Assert.Equal(IssueReadModel.Reconciled, change.Kind);
        Assert.Equal(ChangeSource.Reconciled, ((IssueRow)change.RowToPublish).LastChangeSource);
        var item = JsonDocument.Parse(change.ItemJson!).RootElement;
        Assert.Equal("reconciled", item.GetProperty("source").GetString());
        Assert.Equal("resolved", item.GetProperty("changes")[0].GetProperty("after").GetString());
    }

    [Fact]
    public void Only_statistics_changed_are_refreshed_and_told_apart()
    {
        IssueRules.Apply(model, Created);

        var result = IssueRules.Reconcile(model, Answer(issue => issue with { Count = 99, LastSeen = issue.LastSeen!.Value.AddHours(1) }));

        Assert.Equal([DriftFields.Count, DriftFields.LastSeen], result.Changes.Select(c => c.Field));
        Assert.All(result.Changes, c => Assert.True(DriftFields.IsStatistic(c.Field)));
        Assert.Equal("created", head.LastAction);
    }

    [Fact]
    public void Empty_status_details_and_none_are_the_same_and_json_is_compared_by_value()
    {
        IssueRules.Apply(model, Created);

        Assert.Equal(IssueReconcileOutcome.Unchanged, IssueRules.Reconcile(model, Answer(issue => issue with { StatusDetailsJson = null })).Outcome);
        Assert.Equal(IssueReconcileOutcome.Unchanged, IssueRules.Reconcile(model, Answer(issue => issue with { StatusDetailsJson = "{ }" })).Outcome);
        var changed = IssueRules.Reconcile(model, Answer(issue => issue with { StatusDetailsJson = """{"inNextRelease": true}""" }));
        Assert.Equal(DriftFields.StatusDetails, Assert.Single(changed.Changes).Field);
    }

    [Fact]
    public void A_change_that_arrived_after_the_issue_was_read_makes_the_answer_raced_and_nothing_is_applied()
    {
        IssueRules.Apply(model, Created);
        var answer = Answer(issue => issue with { Status = "resolved" });
        IssueRules.Apply(model, Commands.From<IssueChanged>("issue.assigned", 20));

        var result = IssueRules.Reconcile(model, answer);

        Assert.Equal(IssueReconcileOutcome.Raced, result.Outcome);
        Assert.Equal("unresolved", head.Issue!.Status);
    }

    [Fact]
    public void A_webhook_state_with_a_later_timestamp_than_the_reconciliation_is_still_replaced()
    {
        // Ordered 4 minutes ahead (within the clock skew): a webhook could not undo it for 4 minutes; Sentry's answer does.
        var ahead = Created with { Delivery = TestDeliveries.Received(Created.Delivery.BodyDigest, TestDeliveries.Epoch.AddMinutes(4), TestDeliveries.Epoch) };
        IssueRules.Apply(model, ahead);

        var result = IssueRules.Reconcile(model, Answer(issue => issue with { Status = "ignored" }, secondsAfterEpoch: 30));

        Assert.Equal(IssueReconcileOutcome.Changed, result.Outcome);
        Assert.Equal("ignored", head.Issue!.Status);
        Assert.Equal(TestDeliveries.Epoch.AddSeconds(30), head.IssueOrderAt);
    }

    [Fact]
    public void Comments_follow_sentrys_notes_created_updated_and_deleted_but_a_delete_here_stays()
    {
        IssueRules.Apply(model, Created);
        IssueRules.Apply(model, Commands.Comment("created", "1", "kept", 20, "1234567890"));
        IssueRules.Apply(model, Commands.Comment("created", "2", "old text", 21, "1234567890"));
        IssueRules.Apply(model, Commands.Comment("created", "3", "gone in Sentry", 22, "1234567890"));
        IssueRules.Apply(model, Commands.Comment("created", "4", "deleted here", 23, "1234567890"));
        IssueRules.Apply(model, Commands.Comment("deleted", "4", null, 24, "1234567890"));

        var author = new Actor("user", "7", "Jane");
        var result = IssueRules.Reconcile(model, Answer(issue => issue, comments:
        [
            new ReconciledComment("1", "kept", author, TestDeliveries.Epoch, null),
            new ReconciledComment("2", "new text", author, TestDeliveries.Epoch, null),
            new ReconciledComment("4", "deleted here", author, TestDeliveries.Epoch, null),
            new ReconciledComment("5", "missed", author, TestDeliveries.Epoch.AddSeconds(50), null),
        ]));

        Assert.Equal(IssueReconcileOutcome.Changed, result.Outcome);
        Assert.Equal(3, result.Changes.Count(c => c.Field == DriftFields.Comment));
        Assert.Equal("new text", model.Comment("2")!.Text);
        Assert.True(model.Comment("3")!.Deleted);
        Assert.True(model.Comment("4")!.Deleted);
        Assert.Equal("missed", model.Comment("5")!.Text);
        Assert.Equal("Jane", model.Comment("5")!.Author);
        Assert.Equal(["comment.updated", "comment.created", "comment.deleted"], head.Outbox.Pending.TakeLast(3).Select(p => p.Kind));
    }

    [Fact]
    public void An_incomplete_listing_of_notes_deletes_nothing()
    {
        IssueRules.Apply(model, Created);
        IssueRules.Apply(model, Commands.Comment("created", "1", "not on the first pages", 20, "1234567890"));

        var result = IssueRules.Reconcile(model, Answer(issue => issue, comments: [], complete: false));

        Assert.Equal(IssueReconcileOutcome.Unchanged, result.Outcome);
        Assert.False(model.Comment("1")!.Deleted);
    }

    [Fact]
    public void Deleted_in_sentry_is_recorded_once_and_a_later_answer_from_sentry_clears_it()
    {
        IssueRules.Apply(model, Created);

        Assert.True(IssueRules.MarkDeletedInSentry(model, Asked(50)));
        Assert.False(IssueRules.MarkDeletedInSentry(model, Asked(60)));
        Assert.Equal(TestDeliveries.Epoch.AddSeconds(50), head.DeletedInSentryAt);
        Assert.Equal(IssueReadModel.DeletedInSentry, head.Outbox.Pending[^1].Kind);
        Assert.Equal(TestDeliveries.Epoch.AddSeconds(50), ((IssueRow)head.Outbox.Pending[^1].RowToPublish).DeletedInSentryAt);

        var result = IssueRules.Reconcile(model, Answer(issue => issue));
        Assert.Equal(DriftFields.Deleted, Assert.Single(result.Changes).Field);
        Assert.Null(head.DeletedInSentryAt);
    }
}
