namespace Sentry.Grains.Silo.Database;

/// <summary>
/// <c>Sentry.Grains.Silo --apply-schema</c>: applies the schema to the configured database with the
/// same configuration the service reads (appsettings, environment, command line), then exits:
/// 0 when the schema is current, 1 when it could not be applied.
/// </summary>
public static partial class ApplySchemaCommand
{
    public const string Switch = "--apply-schema";

    public static bool IsRequested(IReadOnlyList<string> args) => args.Contains(Switch, StringComparer.Ordinal);

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        // The switch has no value; keep it away from the command-line configuration provider.
        var builder = WebApplication.CreateBuilder([.. args.Where(a => a != Switch)]);
        using var loggers = LoggerFactory.Create(logging => logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole());
        var logger = loggers.CreateLogger(typeof(ApplySchemaCommand).FullName!);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        try
        {
            builder.Services.AddSentryGrainsDatabase(builder.Configuration);
            var (connectionString, problem) = DatabaseConnection.Resolve(builder.Configuration);
            if (connectionString is null)
            {
                LogFailed(logger, null, problem!);
                return 1;
            }

            await using var app = builder.Build();
            var result = await app.Services.GetRequiredService<SchemaMigrator>().ApplyAsync(connectionString, stop.Token);
            LogDone(logger, result.Applied.Count, result.AlreadyApplied);
            return 0;
        }
        catch (Exception error)
        {
            LogFailed(logger, error, error.Message);
            return 1;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema applied: {Applied} migrations now, {AlreadyApplied} already there")]
    private static partial void LogDone(ILogger logger, int applied, int alreadyApplied);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The schema could not be applied: {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception? exception, string reason);
}
