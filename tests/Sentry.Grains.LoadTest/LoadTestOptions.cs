using System.Globalization;

namespace Sentry.Grains.LoadTest;

/// <summary>Command-line options; see README "Performance" for the command.</summary>
public sealed class LoadTestOptions
{
    public List<string> Storages { get; private set; } = ["memory", "postgres"];
    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(10);
    public List<int> Concurrency { get; private set; } = [1, 16, 64, 256];
    public TimeSpan OpenLoopDuration { get; private set; } = TimeSpan.FromSeconds(60);
    public List<double> OpenLoopFractions { get; private set; } = [0.8];
    public int Issues { get; private set; } = 10_000;
    public bool Scale { get; private set; }
    public List<int> GrowSizes { get; private set; } = [1, 100, 10_000];
    public List<int> SeerHistorySizes { get; private set; } = [1, 1_000];
    public List<int> DistinctIssues { get; private set; } = [10_000, 100_000];
    public bool ScaleOnly { get; private set; }
    public string? PostgresConnectionString { get; private set; }

    /// <summary>Npgsql keywords added to the silo's connection string (e.g. <c>"No Reset On Close=true;Max Auto Prepare=20"</c>), to try a setting.</summary>
    public string? ConnectionOptions { get; private set; }

    /// <summary>Another build's Sentry.Grains.Silo.dll (e.g. to compare two builds in one sitting); the repository's own by default.</summary>
    public string? SiloDll { get; private set; }
    public string JsonPath { get; private set; } = "loadtest-results.json";

    public static LoadTestOptions Parse(string[] args)
    {
        var options = new LoadTestOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            static List<int> Ints(string s) => [.. s.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
            switch (args[i])
            {
                case "--storage": options.Storages = Value() == "both" ? ["memory", "postgres"] : [args[i]]; break;
                case "--duration": options.Duration = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
                case "--concurrency": options.Concurrency = Ints(Value()); break;
                case "--open-seconds": options.OpenLoopDuration = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture)); break;
                case "--open-fractions": options.OpenLoopFractions = [.. Value().Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture))]; break;
                case "--issues": options.Issues = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--scale": options.Scale = true; break;
                case "--grow": options.GrowSizes = Ints(Value()); break;
                case "--seer-history": options.SeerHistorySizes = Ints(Value()); break;
                case "--scale-only": options.Scale = options.ScaleOnly = true; break;
                case "--distinct-issues": options.DistinctIssues = Ints(Value()); break;
                case "--postgres": options.PostgresConnectionString = Value(); break;
                case "--silo": options.SiloDll = Path.GetFullPath(Value()); break;
                case "--connection-options": options.ConnectionOptions = Value(); break;
                case "--json": options.JsonPath = Value(); break;
                case "--quick":
                    options.Duration = TimeSpan.FromSeconds(3);
                    options.OpenLoopDuration = TimeSpan.FromSeconds(5);
                    options.GrowSizes = [1, 100];
                    options.SeerHistorySizes = [1, 100];
                    options.DistinctIssues = [2_000];
                    break;
                default: throw new ArgumentException($"Unknown option {args[i]}. Options: --storage memory|postgres|both, --duration S, --concurrency 1,16,64,256, --open-seconds S, --open-fractions 0.8, --issues N, --scale (also the state-growth and memory scenarios), --scale-only (only those), --grow 1,100,10000, --seer-history 1,1000, --distinct-issues 10000,100000,1000000, --postgres CONNSTR, --silo PATH/Sentry.Grains.Silo.dll, --connection-options \"Npgsql keywords\", --json PATH, --quick");
            }
        }

        return options;
    }
}
