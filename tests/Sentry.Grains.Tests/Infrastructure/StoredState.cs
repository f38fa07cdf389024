using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Sentry.Grains.Storage;

namespace Sentry.Grains.Tests.Infrastructure;

/// <summary>
/// A grain's state exactly as the in-process grain storage holds it: the bytes the grain storage serializer wrote
/// (not read through the grain).
/// </summary>
public static class StoredState
{
    /// <summary>How many state rows the silo's in-process grain storage holds.</summary>
    public static int RowCount(IServiceProvider silo) =>
        Assert.IsType<InProcessGrainStorage>(silo.GetRequiredKeyedService<IGrainStorage>("Default")).RowCount;

    /// <summary>
    /// The stored bytes of row <paramref name="stateName"/> of grain <paramref name="grain"/>, or null when there is none. Every
    /// write stores a new array, so the same array before and after means the row was not written.
    /// </summary>
    public static byte[]? Payload(IServiceProvider silo, string stateName, GrainId grain) =>
        Assert.IsType<InProcessGrainStorage>(silo.GetRequiredKeyedService<IGrainStorage>("Default")).Payload(stateName, grain);

    /// <summary>The stored bytes of state <paramref name="stateName"/> of <paramref name="grain"/>, decoded as UTF-8 text.</summary>
    public static string Read(IServiceProvider silo, IAddressable grain, string stateName)
    {
        var storage = Assert.IsType<InProcessGrainStorage>(silo.GetRequiredKeyedService<IGrainStorage>("Default"));
        var bytes = storage.Payload(stateName, grain.GetGrainId());
        Assert.NotNull(bytes);
        Assert.NotEmpty(bytes);
        return Encoding.UTF8.GetString(bytes);
    }
}
