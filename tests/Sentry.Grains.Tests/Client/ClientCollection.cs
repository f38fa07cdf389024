using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Client;

/// <summary>The typed client's tests share one real service (in memory, on 127.0.0.1): each test uses keys of its own.</summary>
[CollectionDefinition(Name)]
public sealed class ClientCollection : ICollectionFixture<ServiceHostFixture>
{
    public const string Name = "Sentry.Grains.Client";
}
