using Microsoft.Extensions.DependencyInjection;
using Sentry.Grains.Installations;
using Sentry.Grains.Issues;
using Sentry.Grains.MetricAlerts;
using Sentry.Grains.ReadModel;
using Sentry.Grains.Seer;
using Sentry.Grains.Storage;
using Sentry.Grains.Telemetry;
using Sentry.Grains.Tests.Infrastructure;
using Sentry.Grains.Webhooks;

namespace Sentry.Grains.Tests.ReadModel;

/// <summary>
/// The stored head leaves out the row of the outbox entry at its own version, because the head makes that row again:
/// after every change each resource's rules record, the row of the entry at the head's version is the row the head and
/// its logs make as they stand. The outbox's stored form and the guard against publishing a change without its row.
/// </summary>
public sealed class OutboxRowTests
{
    private static readonly RetentionOptions Retention = new();

    /// <summary>The entry at the head's version carries exactly the row the head makes now.</summary>
    private static void AssertHeadMakesItsRow(Outbox outbox, long version, ReadModelRow current, string step)
    {
        var entry = Assert.Single(outbox.Pending, p => p.Version == version);
        Assert.True(Equals(current, entry.Row), $"after {step}: the row the head makes ({current}) is not the entry's ({entry.Row})");
    }

    [Fact]
    public void Every_issue_change_leaves_the_row_the_head_makes_at_its_version()
    {
        var head = new IssueHead();
        var model = IssueModel.Detached(head, Retention, key: "1234567890");
        void Applied(WebhookOutcome outcome, string step)
        {
            Assert.Equal(WebhookOutcome.Applied, outcome);
            AssertHeadMakesItsRow(head.Outbox, head.Version, IssueReadModel.Row(model), step);
        }

        Applied(IssueRules.Apply(model, Commands.From<IssueChanged>("issue.created", 10)), "issue.created");
        Applied(IssueRules.Apply(model, Commands.Comment("created", "1", "first", 20, "1234567890")), "comment 1");
        Applied(IssueRules.Apply(model, Commands.Comment("created", "2", "second", 21, "1234567890")), "comment 2");
        Applied(IssueRules.Apply(model, Commands.Comment("deleted", "1", null, 22, "1234567890")), "comment 1 deleted");
        Applied(IssueRules.Apply(model, Commands.From<IssueEventReceived>("error.created", 30)), "error.created");
        Applied(IssueRules.Apply(model, Commands.From<IssueActivityReceived>("activity_alert.seer_root_cause_completed", 40)), "activity");
        Applied(IssueRules.Apply(model, Commands.From<IssueChanged>("issue.assigned", 50)), "issue.assigned");

        Assert.True(IssueRules.Link(model, new IssueSeerRun("12345", SeerStage.PrCreated, TestDeliveries.Epoch.AddSeconds(60)) { InstallationUuid = "installation-1" }));
        AssertHeadMakesItsRow(head.Outbox, head.Version, IssueReadModel.Row(model), "the Seer run's link");

        // Two changes in one commit (the issue, then a comment Sentry no longer lists): only the last is at the head's version.
        var before = head.Version;
        var reconciled = IssueRules.Reconcile(model, new IssueReconciled(
            ReconciledDeliveries.Create("reconcile:row", TestDeliveries.Epoch.AddSeconds(70), "installation-1"),
            Commands.From<IssueChanged>("issue.created").Issue with { Status = "resolved", Substatus = null },
            head.Version,
            [],
            CommentsComplete: true));
        Assert.Equal(IssueReconcileOutcome.Changed, reconciled.Outcome);
        Assert.Equal(before + 2, head.Version);
        AssertHeadMakesItsRow(head.Outbox, head.Version, IssueReadModel.Row(model), "the reconciliation");
        Assert.Equal(0, ((IssueRow)head.Outbox.Pending[^1].RowToPublish).CommentCount);
        Assert.Equal(1, ((IssueRow)head.Outbox.Pending[^2].RowToPublish).CommentCount);

        Assert.True(IssueRules.MarkDeletedInSentry(model, ReconciledDeliveries.Create("reconcile:gone", TestDeliveries.Epoch.AddSeconds(80), "installation-1")));
        AssertHeadMakesItsRow(head.Outbox, head.Version, IssueReadModel.Row(model), "deleted in Sentry");
    }

    [Fact]
    public void Every_seer_run_change_leaves_the_row_the_head_makes_at_its_version()
    {
        var head = new SeerRunHead();
        var model = SeerRunModel.Detached(head, Retention, key: "12345");
        void Recorded(string step) => AssertHeadMakesItsRow(head.Outbox, head.Version, SeerReadModel.Row(model.Key, head), step);

        Assert.Equal(WebhookOutcome.Applied, SeerRunMachine.Apply(model, Commands.From<SeerEventReceived>("seer.root_cause_started", 0)).Outcome);
        Recorded("root_cause_started");
        Assert.True(SeerRunMachine.MarkStalled(model, TestDeliveries.Epoch.AddHours(1), TimeSpan.FromMinutes(30)));
        Recorded("the stall");

        // Resumed, then the stage: two entries, the last at the head's version.
        Assert.Equal(WebhookOutcome.Applied, SeerRunMachine.Apply(model, Commands.From<SeerEventReceived>("seer.root_cause_completed", 3700)).Outcome);
        Recorded("root_cause_completed after the stall");
        Assert.Equal(WebhookOutcome.Applied, SeerRunMachine.Apply(model, Commands.From<SeerEventReceived>("seer.pr_created", 3800)).Outcome);
        Recorded("pr_created");

        var reconciled = SeerRunMachine.Reconcile(model, new SeerRunReconciled(
            ReconciledDeliveries.Create("reconcile:seer", TestDeliveries.Epoch.AddHours(2), "installation-1"),
            "12345",
            "1170820242",
            [SeerStage.RootCauseStarted, SeerStage.SolutionStarted],
            [],
            "COMPLETED",
            """{"run_id": 12345, "status": "COMPLETED"}"""));
        Assert.True(reconciled.Changed);
        Recorded("the reconciliation");
    }

    [Fact]
    public void Every_metric_alert_change_leaves_the_row_the_head_makes_at_its_version()
    {
        var head = new MetricAlertHead();
        var model = MetricAlertModel.Detached(head, Retention, key: "4");
        var second = 0;
        foreach (var fixture in new[] { "metric_alert.warning", "metric_alert.critical", "metric_alert.resolved" })
        {
            Assert.Equal(WebhookOutcome.Applied, MetricAlertRules.Apply(model, Commands.From<MetricAlertChanged>(fixture, second += 10)));
            AssertHeadMakesItsRow(head.Outbox, head.Version, MetricAlertModel.Row(model.Key, head), fixture);
        }
    }

    [Fact]
    public void Every_installation_status_change_leaves_the_row_the_state_makes_at_its_version()
    {
        const string Uuid = "a8e5d37a-696c-4c54-adb5-b3f28d64c7de";
        var state = new InstallationState();
        var deliveries = new DeliveryMemory(SegmentedLog<RememberedDelivery>.Detached(DeliveryMemory.Limits, () => state.Deliveries), Retention);

        // What the grain's every write does: the version moves on, and a status change is recorded at it.
        void Saved(string step)
        {
            state.Version++;
            InstallationRules.RecordStatusChange(Uuid, state, TestDeliveries.Epoch);
            AssertHeadMakesItsRow(state.Outbox, state.Version, InstallationRules.Row(Uuid, state), step);
        }

        Assert.Equal(WebhookOutcome.Applied, InstallationRules.Apply(state, deliveries, Commands.From<InstallationChanged>("installation.created")));
        Saved("created");
        InstallationRules.RunStarting(state, InstallationStep.Exchange);
        InstallationRules.Exchanged(state, new StoredTokens(new EncryptedToken("key", [1]), new EncryptedToken("key", [2]), TestDeliveries.Epoch.AddHours(8), ["org:read"]), TestDeliveries.Epoch);
        InstallationRules.Verified(state, TestDeliveries.Epoch, new InstallationSchedule(TimeSpan.FromMinutes(5)));
        Saved("installed");
        Assert.Equal(WebhookOutcome.Applied, InstallationRules.Apply(state, deliveries, Commands.From<InstallationChanged>("installation.deleted", 60)));
        Saved("deleted");
    }

    [Fact]
    public async Task The_head_write_leaves_out_only_the_row_at_the_heads_version_and_puts_it_back_even_when_the_write_fails()
    {
        var outbox = new Outbox();
        outbox.Add("issue.status", 3, TestDeliveries.Epoch, Row(3));
        outbox.Add("comment.created", 4, TestDeliveries.Epoch, Row(4));
        var written = new List<ReadModelRow?>();

        await outbox.WithoutRowsAtAsync(4, () =>
        {
            written.AddRange(outbox.Pending.Select(p => p.Row));
            return Task.CompletedTask;
        });
        await Assert.ThrowsAsync<InvalidOperationException>(() => outbox.WithoutRowsAtAsync(4, () => throw new InvalidOperationException("The head write failed (injected).")));

        Assert.Equal([Row(3), null], written);
        Assert.Equal([Row(3), Row(4)], outbox.Pending.Select(p => p.Row));
    }

    [Fact]
    public async Task A_loaded_entry_without_its_row_gets_the_heads_and_only_the_entry_at_the_heads_version_may_lack_it()
    {
        var loaded = new Outbox { Pending = [new("issue.status", 3, TestDeliveries.Epoch, Row(3), null), new("comment.created", 4, TestDeliveries.Epoch, null, null)] };
        await loaded.FillRowsAsync(4, () => Task.FromResult<ReadModelRow>(Row(4)));
        Assert.Equal([Row(3), Row(4)], loaded.Pending.Select(p => p.Row));

        var corrupt = new Outbox { Pending = [new("issue.status", 3, TestDeliveries.Epoch, null, null), new("comment.created", 4, TestDeliveries.Epoch, null, null)] };
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => corrupt.FillRowsAsync(4, () => Task.FromResult<ReadModelRow>(Row(4))));
        Assert.Contains("version 3", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_without_its_row_is_refused_with_an_invalid_operation_not_a_null_reference()
    {
        var change = new PendingChange("issue.status", 4, TestDeliveries.Epoch, null, null);
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton<SentryGrainsMetrics>()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IReadModelStore, InMemoryReadModelStore>()
            .AddSingleton<ChangeSignal>()
            .AddSingleton<ChangePublisher>()
            .BuildServiceProvider();

        Assert.Contains("no read-model row", Assert.Throws<InvalidOperationException>(() => change.RowToPublish).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => FeedJson.DataOf([change]));
        var publisher = services.GetRequiredService<ChangePublisher>();
        Assert.Throws<InvalidOperationException>(() => { _ = publisher.PublishAsync([change]); }); // refused before it joins a batch
    }

    private static IssueRow Row(long version) => new() { Key = "1", Version = version, Status = "resolved" };
}
