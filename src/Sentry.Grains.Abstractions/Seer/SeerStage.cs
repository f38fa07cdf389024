namespace Sentry.Grains.Seer;

/// <summary>The documented Seer stages, in the order a run goes through them (the numeric order is the stage order).</summary>
[GenerateSerializer, Alias("sentry.SeerStage")]
public enum SeerStage
{
    RootCauseStarted = 0,
    RootCauseCompleted = 1,
    SolutionStarted = 2,
    SolutionCompleted = 3,
    CodingStarted = 4,
    CodingCompleted = 5,
    PrCreated = 6,
}
