using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using Orleans.Storage;

namespace Sentry.Grains.Storage;

/// <summary>
/// The in-memory grain storage of the development default (and the grain tests): state lives in this process, as the
/// serialized bytes the PostgreSQL provider would write (so a write costs what it does there, and a grain never shares
/// an object with the store), with the same ETag rules as Orleans' ADO.NET provider: the ETag is the row's version,
/// a first write needs no ETag and finds no row, every later write needs the version it read, and anything else is an
/// <see cref="InconsistentStateException"/>. Unlike Orleans' memory storage there is no storage grain to call, so a
/// write does not queue behind other grains' writes. Nothing survives the process; it is per silo, so a cluster of
/// several silos needs a real provider.
/// </summary>
public sealed class InProcessGrainStorage(IGrainStorageSerializer serializer) : IGrainStorage
{
    private readonly ConcurrentDictionary<(string StateName, GrainId GrainId), Row> rows = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (rows.TryGetValue((stateName, grainId), out var row))
        {
            grainState.State = serializer.Deserialize<T>(new BinaryData(row.Payload));
            grainState.ETag = Etag(row.Version);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = Bytes(serializer.Serialize(grainState.State));
        var key = (stateName, grainId);
        var written = grainState.ETag is null
            ? rows.TryAdd(key, new Row(payload, 1)) ? 1 : 0
            : rows.TryGetValue(key, out var current) && Etag(current.Version) == grainState.ETag
              && rows.TryUpdate(key, new Row(payload, current.Version + 1), current)
                ? current.Version + 1
                : 0;
        if (written == 0)
        {
            throw new InconsistentStateException($"Version conflict (WriteState): GrainType={stateName} GrainId={grainId} ETag={grainState.ETag}.");
        }

        grainState.ETag = Etag(written);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        if (rows.TryGetValue(key, out var current))
        {
            if (Etag(current.Version) != grainState.ETag || !((ICollection<KeyValuePair<(string, GrainId), Row>>)rows).Remove(new(key, current)))
            {
                throw new InconsistentStateException($"Version conflict (ClearState): GrainType={stateName} GrainId={grainId} ETag={grainState.ETag}.");
            }
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    /// <summary>How many rows are stored, for tests that check nothing was written.</summary>
    internal int RowCount => rows.Count;

    /// <summary>The stored bytes of a row, for tests that check what is at rest.</summary>
    internal byte[]? Payload(string stateName, GrainId grainId) => rows.TryGetValue((stateName, grainId), out var row) ? row.Payload : null;

    /// <summary>The serialized bytes, without a copy when they are one whole array (as <see cref="StoredStateSerializer"/> gives them).</summary>
    private static byte[] Bytes(BinaryData data) =>
        MemoryMarshal.TryGetArray(data.ToMemory(), out var segment) && segment is { Array: { } array, Offset: 0 } && segment.Count == array.Length
            ? array
            : data.ToArray();

    private static string Etag(int version) => version.ToString(CultureInfo.InvariantCulture);

    private sealed record Row(byte[] Payload, int Version);
}
