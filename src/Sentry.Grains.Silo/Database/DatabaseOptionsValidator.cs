using Microsoft.Extensions.Options;

namespace Sentry.Grains.Silo.Database;

/// <summary>
/// Refuses to start with ApplySchemaOnStart or a Database:ConnectionName but no database to apply to
/// (the AdoNet providers themselves are checked while building, see AddSentryGrainsDatabase).
/// </summary>
public sealed class DatabaseOptionsValidator(IConfiguration configuration) : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var problems = new List<string>();
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
