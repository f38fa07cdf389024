using Microsoft.Extensions.Options;

namespace Sentry.Grains.Silo.Database;

/// <summary>
/// Refuses to start with AdoNet providers Orleans would fail on later and less clearly (no invariant,
/// a connection name without its connection string), or with ApplySchemaOnStart but no database.
/// </summary>
public sealed class DatabaseOptionsValidator(IConfiguration configuration) : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var problems = AdoNetProviders.Problems(AdoNetProviders.Read(configuration)).ToList();
        if (options.ApplySchemaOnStart || !string.IsNullOrWhiteSpace(options.ConnectionName))
        {
            var (_, problem) = DatabaseConnection.Resolve(configuration);
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
