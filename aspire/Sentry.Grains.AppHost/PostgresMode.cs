namespace Sentry.Grains.AppHost;

/// <summary>Where the silos' PostgreSQL database comes from (<c>Postgres:Mode</c>).</summary>
internal enum PostgresMode
{
    /// <summary>A server the AppHost runs from the installed binaries (an executable resource).</summary>
    Local,

    /// <summary>An existing server: <c>ConnectionStrings:orleansdb</c> of the AppHost's configuration.</summary>
    ConnectionString,

    /// <summary>Aspire's PostgreSQL container with a data volume (needs a container engine).</summary>
    Container,
}
