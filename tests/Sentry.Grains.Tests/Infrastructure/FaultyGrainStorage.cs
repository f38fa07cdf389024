using Orleans.Storage;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>Grain storage whose next head write of a state can be made to fail; it records the rows written.</summary>
public sealed class FaultyGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private string? failNext;

    public List<string> Written { get; } = [];

    public void FailNextWriteOf(string stateName)
    {
        lock (Written)
        {
            failNext = stateName;
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (Written)
        {
            if (failNext == stateName)
            {
                failNext = null;
                throw new InvalidOperationException("The head write failed (injected).");
            }

            Written.Add(stateName);
        }

        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
}
