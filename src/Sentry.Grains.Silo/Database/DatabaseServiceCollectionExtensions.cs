using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Sentry.Grains.Silo.Database;

/// <summary>Registers the database options (validated at start), the schema migrator and, when asked, applying the schema on start.</summary>
public static class DatabaseServiceCollectionExtensions
{
    /// <exception cref="OptionsValidationException">An AdoNet provider lacks its invariant or connection: checked here,
    /// while building, because Orleans validates its own provider options before any start-time validation runs,
    /// with messages that do not name the settings.</exception>
    public static IServiceCollection AddSentryGrainsDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var problems = AdoNetProviders.Problems(AdoNetProviders.Read(configuration)).ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException("Orleans", typeof(DatabaseOptions), problems);
        }

        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>>(new DatabaseOptionsValidator(configuration));
        services.AddSingleton<SchemaMigrator>();
        services.TryAddSingleton(TimeProvider.System);

        // Registered before Orleans (see OrleansSiloExtensions): hosted services start in order, so the
        // schema is in place before the silo's providers read OrleansQuery.
        if (configuration.GetValue<bool>($"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.ApplySchemaOnStart)}"))
        {
            services.AddHostedService<SchemaOnStart>();
        }

        return services;
    }
}
