using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Cluster;

/// <summary>Several silo processes of one cluster on one database, each with its own ports.</summary>
public sealed class SiloCluster : IAsyncDisposable
{
    private SiloCluster(string connectionString, string clusterId, IReadOnlyList<SiloProcess> silos)
    {
        ConnectionString = connectionString;
        ClusterId = clusterId;
        Silos = silos;
    }

    public string ConnectionString { get; }
    public string ClusterId { get; }
    public IReadOnlyList<SiloProcess> Silos { get; }

    /// <summary>
    /// Applies the schema with the Silo binary's <c>--apply-schema</c>, then starts <paramref name="count"/> silos (with
    /// <paramref name="environment"/> besides <see cref="SiloEnvironment"/>'s) and waits until each is ready.
    /// </summary>
    public static async Task<SiloCluster> StartAsync(int count, string connectionString, string clusterId, IReadOnlyDictionary<string, string>? environment = null)
    {
        var schemaPorts = SiloPorts.Free();
        await using (var schema = SiloProcess.Start("apply-schema", schemaPorts, SiloEnvironment.For(connectionString, clusterId, schemaPorts), "--apply-schema"))
        {
            var exitCode = await schema.WaitForExitAsync(TimeSpan.FromMinutes(2));
            Assert.True(exitCode == 0, $"--apply-schema exited with {exitCode}:\n{schema.LogTail()}");
        }

        var silos = Enumerable.Range(1, count).Select(i =>
        {
            var ports = SiloPorts.Free();
            var variables = SiloEnvironment.For(connectionString, clusterId, ports);
            foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            {
                variables[key] = value;
            }

            return SiloProcess.Start($"{clusterId}-silo{i}", ports, variables);
        }).ToList();
        var cluster = new SiloCluster(connectionString, clusterId, silos);
        try
        {
            await Task.WhenAll(silos.Select(s => s.WaitUntilReadyAsync(TimeSpan.FromMinutes(2))));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>The status (Orleans SiloStatus: 3 Active, 6 Dead) of a silo's newest row in the membership table.</summary>
    public async Task<int?> MembershipStatusAsync(SiloProcess silo)
    {
        var status = await DatabaseSnapshot.ScalarAsync(ConnectionString, $"""
            SELECT status FROM orleansmembershiptable
            WHERE deploymentid = '{ClusterId}' AND port = {silo.Ports.Silo}
            ORDER BY generation DESC LIMIT 1
            """);
        return status.Length == 0 ? null : int.Parse(status, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }
    }
}
