using System.Collections.Frozen;
using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Session;
using Orleans.Storage;
using Sentry.Grains.Telemetry;

namespace Sentry.Grains.Storage;

/// <summary>
/// How grain state is stored: the Orleans serializer (the state types are <c>[GenerateSerializer]</c> with <c>[Id]</c>s,
/// so fields can be added later) behind a 4-byte mark, <c>A5 'S' 'G' 02</c>, that says "layout 2". Rows written before
/// the mark existed (layout 1, by the previous version) are read through the <see cref="StateUpgrade"/> registered for
/// the state type they are read as, and are written back in layout 2 by the grain's next write. The mark's first byte
/// is a wire type Orleans does not have, so a previous-version silo that meets a layout-2 row fails to read it (its
/// grain call answers 503 and Sentry retries) instead of misreading it. Every payload's size is counted
/// (<c>sentry_grains.storage.bytes_written</c>): what a write costs, whatever the provider.
/// </summary>
public sealed class StoredStateSerializer(
    OrleansGrainStorageSerializer orleans,
    Serializer serializer,
    SerializerSessionPool sessions,
    IEnumerable<StateUpgrade> upgrades,
    SentryGrainsMetrics metrics,
    TimeProvider time) : IGrainStorageSerializer
{
    /// <summary>The mark in front of every payload written in the current layout.</summary>
    public static ReadOnlySpan<byte> Mark => [0xA5, (byte)'S', (byte)'G', 0x02];

    private readonly FrozenDictionary<Type, StateUpgrade> upgrades = upgrades.ToFrozenDictionary(u => u.Current);

    /// <summary>
    /// The mark and the Orleans payload in one array of exactly their size: the payload is written into pooled buffers
    /// (the same bytes <see cref="OrleansGrainStorageSerializer"/> writes, without its growing array and the copies).
    /// </summary>
    public BinaryData Serialize<T>(T? input)
    {
        using var session = sessions.GetSession();
        var writer = Writer.CreatePooled(session);
        try
        {
            serializer.Serialize(input, ref writer);
            var marked = new byte[Mark.Length + writer.Output.Length];
            Mark.CopyTo(marked);
            writer.Output.CopyTo(marked.AsSpan(Mark.Length));
            metrics.StateWritten(typeof(T), marked.Length);
            return new BinaryData(marked);
        }
        finally
        {
            writer.Dispose();
        }
    }

    public T Deserialize<T>(BinaryData input)
    {
        var bytes = input.ToMemory();
        if (bytes.Span.StartsWith(Mark))
        {
            return orleans.Deserialize<T>(new BinaryData(bytes[Mark.Length..]))!;
        }

        return upgrades.TryGetValue(typeof(T), out var upgrade)
            ? (T)upgrade.Read(orleans, input, time.GetUtcNow())
            : orleans.Deserialize<T>(input)!;
    }
}

/// <summary>
/// Reads a layout-1 row (written by the previous version as <see cref="Legacy"/>) as the current state type
/// <see cref="Current"/>, given when it is read: layout 1 kept no times for what it remembered, so remembered deliveries
/// count from the upgrade (a redelivery of a body the previous version applied stays a duplicate for one more window).
/// </summary>
public abstract class StateUpgrade
{
    public abstract Type Legacy { get; }
    public abstract Type Current { get; }

    internal abstract object Read(OrleansGrainStorageSerializer orleans, BinaryData payload, DateTimeOffset upgradedAt);

    /// <summary>An upgrade from <typeparamref name="TLegacy"/> to <typeparamref name="TCurrent"/> by <paramref name="upgrade"/> (pure, given the time of the read).</summary>
    public static StateUpgrade Of<TLegacy, TCurrent>(Func<TLegacy, DateTimeOffset, TCurrent> upgrade) where TCurrent : notnull => new Typed<TLegacy, TCurrent>(upgrade);

    private sealed class Typed<TLegacy, TCurrent>(Func<TLegacy, DateTimeOffset, TCurrent> upgrade) : StateUpgrade where TCurrent : notnull
    {
        public override Type Legacy => typeof(TLegacy);
        public override Type Current => typeof(TCurrent);

        internal override object Read(OrleansGrainStorageSerializer orleans, BinaryData payload, DateTimeOffset upgradedAt) =>
            upgrade(orleans.Deserialize<TLegacy>(payload)!, upgradedAt);
    }
}
