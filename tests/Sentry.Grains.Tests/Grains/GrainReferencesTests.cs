using Microsoft.Extensions.DependencyInjection;
using Sentry.Grains.Installations;
using Sentry.Grains.Issues;
using Sentry.Grains.MetricAlerts;
using Sentry.Grains.Seer;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Grains;

/// <summary>The router's grain references (grain type resolved once per interface) are the ones Orleans' factory gives.</summary>
public sealed class GrainReferencesTests
{
    [Fact]
    public async Task A_reference_targets_the_same_grain_and_interface_as_the_factorys_and_reaches_it()
    {
        await using var host = await ServiceHost.StartAsync();
        var references = host.Services.GetRequiredService<GrainReferences>();

        AssertSame(references.Get<IIssueGrain>("4711"), host.Grains.GetGrain<IIssueGrain>("4711"));
        AssertSame(references.Get<ISeerRunGrain>("77"), host.Grains.GetGrain<ISeerRunGrain>("77"));
        AssertSame(references.Get<IMetricAlertGrain>("5"), host.Grains.GetGrain<IMetricAlertGrain>("5"));
        AssertSame(references.Get<IInstallationGrain>("7ad9e8a2-4e0c-4ce3-a6b5-4c1bd1e1f2a0"), host.Grains.GetGrain<IInstallationGrain>("7ad9e8a2-4e0c-4ce3-a6b5-4c1bd1e1f2a0"));

        // Twice for one interface (the cached resolution), two keys: two grains.
        Assert.NotEqual(references.Get<IIssueGrain>("1").GetGrainId(), references.Get<IIssueGrain>("2").GetGrainId());
        Assert.Null(await references.Get<IIssueGrain>("4711").GetAsync());
    }

    private static void AssertSame(IAddressable cached, IAddressable factory)
    {
        Assert.Equal(factory.GetGrainId(), cached.GetGrainId());
        Assert.Equal(((GrainReference)factory).InterfaceType, ((GrainReference)cached).InterfaceType);
    }
}
