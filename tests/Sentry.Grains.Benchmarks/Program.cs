using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Sentry.Grains.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Sentry.Grains.Benchmarks.WebhookBenchmarks).Assembly).Run(args);
