using Sentry.Grains.ReadModel;

namespace Sentry.Grains.Seer;

/// <summary>The Seer run's read-model row and the kinds of change it publishes.</summary>
public static class SeerReadModel
{
    /// <summary>The run reached a further stage.</summary>
    public const string Stage = "seer.stage";

    /// <summary>An event that did not move the stage (triage, impact assessment, anything Sentry adds).</summary>
    public const string Event = "seer.event";

    /// <summary>The run sat in a <c>_started</c> stage with no event for <c>Seer:StallAfter</c>.</summary>
    public const string Stalled = "seer.stalled";

    /// <summary>A stalled run got its next event.</summary>
    public const string Resumed = "seer.resumed";

    public static SeerRunRow Row(string runId, SeerRunHead head) => new()
    {
        Key = runId,
        Version = head.Version,
        UpdatedAt = head.LastEventAt,
        IssueId = head.GroupId,
        Stage = SeerRunMachine.CurrentStage(head),
        StalledSince = head.StalledSince,
        HasPr = head.Stages.ContainsKey(SeerStage.PrCreated),
        StartedAt = head.StartedAt,
    };
}
