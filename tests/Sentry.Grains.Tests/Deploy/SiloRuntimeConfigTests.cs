using System.Text.Json;
using Sentry.Grains.Tests.Infrastructure;

namespace Sentry.Grains.Tests.Deploy;

/// <summary>
/// The silo's runtime settings travel in its runtimeconfig.json (what <c>dotnet Sentry.Grains.Silo.dll</c>, the container
/// image and the AppHost run): server GC without DATAS and thread-pool workers that do not spin (README "Runtime settings").
/// </summary>
public sealed class SiloRuntimeConfigTests
{
    [Fact]
    public void The_built_silo_runs_server_gc_without_dynamic_adaptation_and_without_thread_pool_spinning()
    {
        var path = Path.ChangeExtension(SiloProcess.Binary, ".runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.Equal(0, properties.GetProperty("System.GC.DynamicAdaptationMode").GetInt32());
        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }
}
