using System.Text;
using Orleans.Storage;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>
/// A grain's state exactly as the in-memory grain storage holds it: the bytes the configured grain storage
/// serializer wrote, read from Orleans' memory storage grains (not through the grain).
/// </summary>
public static class StoredState
{
    /// <summary>MemoryGrainStorageOptions.NumStorageGrains' default.</summary>
    private const int StorageGrains = 10;

    /// <summary>The stored bytes of state <paramref name="stateName"/> of <paramref name="grain"/>, decoded as UTF-8 text.</summary>
    public static async Task<string> ReadAsync(IGrainFactory grains, IAddressable grain, string stateName)
    {
        // MemoryGrainStorage keys state "{stateName}/{grainId}" and spreads keys over its storage grains.
        var key = $"{stateName}/{grain.GetGrainId()}";
        var found = new List<byte[]>();
        for (var i = 0; i < StorageGrains; i++)
        {
            if (await grains.GetGrain<IMemoryStorageGrain>(i).ReadStateAsync<ReadOnlyMemory<byte>>(key) is { } stored)
            {
                found.Add(stored.State.ToArray());
            }
        }

        var bytes = Assert.Single(found);
        Assert.NotEmpty(bytes);
        return Encoding.UTF8.GetString(bytes);
    }
}
