using Microsoft.Extensions.Hosting;
using Sentry.Grains.Aspire;
using Sentry.Grains.Tests.Infrastructure;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Sentry.Grains.Tests.Deploy;

/// <summary>
/// No cluster runs here, so the manifests are checked against the app: they parse, and their ports,
/// probes, labels and environment names are the ones the Silo reads.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Folder = Path.Combine(Fixtures.RepositoryRoot, "deploy", "kubernetes");

    private static List<Dictionary<object, object>> Documents(string file)
    {
        using var reader = new StreamReader(Path.Combine(Folder, file));
        var parser = new YamlDotNet.Core.Parser(reader);
        var deserializer = new DeserializerBuilder().Build();
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<YamlDotNet.Core.Events.DocumentStart>(out _))
        {
            documents.Add(deserializer.Deserialize<Dictionary<object, object>>(parser));
        }

        return documents;
    }

    private static Dictionary<object, object> Map(object node, params string[] path)
    {
        foreach (var key in path)
        {
            node = ((Dictionary<object, object>)node)[key];
        }

        return (Dictionary<object, object>)node;
    }

    private static List<object> List(Dictionary<object, object> node, string key) => (List<object>)node[key];

    private static Dictionary<object, object> Container() =>
        (Dictionary<object, object>)List(Map(Documents("deployment.yaml").Single(), "spec", "template", "spec"), "containers").Single();

    [Fact]
    public void Every_manifest_in_the_kustomization_parses_with_kind_and_name()
    {
        var resources = List(Documents("kustomization.yaml").Single(), "resources").Cast<string>().ToList();
        Assert.Equal(["rbac.yaml", "deployment.yaml", "service.yaml", "poddisruptionbudget.yaml"], resources);
        foreach (var document in resources.Append("secret.example.yaml").SelectMany(Documents))
        {
            Assert.False(string.IsNullOrEmpty((string)document["kind"]));
            Assert.False(string.IsNullOrEmpty((string)Map(document, "metadata")["name"]));
        }
    }

    [Fact]
    public void Deployment_runs_three_replicas_with_the_apps_ports_and_probes()
    {
        var deployment = Documents("deployment.yaml").Single();
        Assert.Equal("3", Map(deployment, "spec")["replicas"]);

        var container = Container();
        var ports = List(container, "ports").Cast<Dictionary<object, object>>().ToDictionary(p => (string)p["name"], p => (string)p["containerPort"]);
        var env = Environment(container);
        Assert.Equal(env["ASPNETCORE_HTTP_PORTS"], ports["http"]);
        Assert.Equal(env["Orleans__Endpoints__SiloPort"], ports["silo"]);
        Assert.Equal(env["Orleans__Endpoints__GatewayPort"], ports["gateway"]);

        Assert.Equal((Extensions.ReadyPath, "http"), Probe(container, "readinessProbe"));
        Assert.Equal((Extensions.LivePath, "http"), Probe(container, "livenessProbe"));
        Assert.True(Map(container, "resources", "requests").ContainsKey("cpu"));
        Assert.True(Map(container, "resources", "requests").ContainsKey("memory"));
        Assert.Equal("true", Map(deployment, "spec", "template", "spec", "securityContext")["runAsNonRoot"]);
    }

    [Fact]
    public void Deployment_configures_storage_exactly_as_the_apphost_contract_does()
    {
        var env = Environment(Container());
        foreach (var (name, value) in AppHostContract.ProviderEnvironment)
        {
            Assert.Equal(value, env[name]);
        }

        Assert.Contains($"ConnectionStrings__{AppHostContract.DatabaseResource}", env.Keys);

        // The same service and cluster as the AppHost's: state written under one service id is read by the other.
        var labels = Map(Documents("deployment.yaml").Single(), "spec", "template", "metadata", "labels");
        Assert.Equal(AppHostContract.ServiceId, labels["orleans/serviceId"]);
        Assert.Equal(AppHostContract.ClusterId, labels["orleans/clusterId"]);
        Assert.Contains("Sentry__ClientSecret", env.Keys);
        foreach (var podVariable in new[] { "POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID" })
        {
            Assert.Contains(podVariable, env.Keys);
        }
    }

    [Fact]
    public void Secrets_come_from_the_secret_the_example_shows()
    {
        var secretKeys = Map(Documents("secret.example.yaml").Single(), "stringData").Keys.Cast<string>().ToHashSet();
        var references = List(Container(), "env").Cast<Dictionary<object, object>>()
            .Where(e => e.TryGetValue("valueFrom", out var from) && ((Dictionary<object, object>)from).ContainsKey("secretKeyRef"))
            .Select(e => Map(e, "valueFrom", "secretKeyRef"))
            .ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Equal("sentry-grains", r["name"]));
        Assert.All(references, r => Assert.Contains((string)r["key"], secretKeys));
    }

    [Fact]
    public void Service_budget_and_rbac_select_the_deployments_pods()
    {
        var labels = Map(Documents("deployment.yaml").Single(), "spec", "template", "metadata", "labels");
        Assert.Equal(labels["app"], Map(Documents("service.yaml").Single(), "spec", "selector")["app"]);
        Assert.Equal("http", ((Dictionary<object, object>)List(Map(Documents("service.yaml").Single(), "spec"), "ports").Single())["targetPort"]);
        Assert.Equal(labels["app"], Map(Documents("poddisruptionbudget.yaml").Single(), "spec", "selector", "matchLabels")["app"]);
        Assert.True(labels.ContainsKey("orleans/serviceId"));
        Assert.True(labels.ContainsKey("orleans/clusterId"));

        var rbac = Documents("rbac.yaml");
        var role = rbac.Single(d => (string)d["kind"] == "Role");
        var verbs = List((Dictionary<object, object>)List(role, "rules").Single(), "verbs").Cast<string>();
        Assert.Superset(new HashSet<string> { "get", "watch", "list", "delete" }, verbs.ToHashSet());
        var account = (string)Map(Documents("deployment.yaml").Single(), "spec", "template", "spec")["serviceAccountName"];
        Assert.Contains(rbac, d => (string)d["kind"] == "ServiceAccount" && (string)Map(d, "metadata")["name"] == account);
    }

    [Fact]
    public void Dockerfile_builds_with_the_sdk_runs_on_aspnet_as_non_root_and_exposes_the_ports()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(Fixtures.RepositoryRoot, "deploy", "Dockerfile"));
        Assert.Contains(dockerfile, l => l.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", StringComparison.Ordinal));
        Assert.Contains(dockerfile, l => l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0", StringComparison.Ordinal));
        Assert.Contains("EXPOSE 8080 11111 30000", dockerfile);
        Assert.Contains(dockerfile, l => l.StartsWith("USER ", StringComparison.Ordinal) && !l.Contains("root", StringComparison.Ordinal));
        Assert.DoesNotContain(dockerfile, l => l.TrimStart().StartsWith("HEALTHCHECK", StringComparison.Ordinal));
        foreach (var copied in dockerfile.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)))
        {
            foreach (var source in copied.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            {
                Assert.True(File.Exists(Path.Combine(Fixtures.RepositoryRoot, source)) || Directory.Exists(Path.Combine(Fixtures.RepositoryRoot, source)), $"{source} (in {copied}) does not exist");
            }
        }
    }

    private static (string Path, string Port) Probe(Dictionary<object, object> container, string probe)
    {
        var get = Map(container, probe, "httpGet");
        return ((string)get["path"], (string)get["port"]);
    }

    private static Dictionary<string, string?> Environment(Dictionary<object, object> container) =>
        List(container, "env").Cast<Dictionary<object, object>>().ToDictionary(e => (string)e["name"], e => e.TryGetValue("value", out var v) ? (string)v : null);
}
