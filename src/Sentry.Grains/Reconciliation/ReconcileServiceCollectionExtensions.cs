using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Sentry.Grains.Reconciliation;

/// <summary>Registers the reconciliation: its options (validated at start), the reconciler, the after-trouble queue and the sweep's schedule.</summary>
public static class ReconcileServiceCollectionExtensions
{
    public static IServiceCollection AddReconciliation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReconcileOptions>().Bind(configuration.GetSection(ReconcileOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ReconcileMetrics>();
        services.AddSingleton<IssueReconciler>();
        services.AddSingleton<ReconcileRequests>();
        services.AddHostedService<AfterTroubleReconciliation>();
        services.AddHostedService<SweepSchedule>();

        // Orleans refuses reminder periods under a minute by default; a shorter sweep interval (tests, small deployments) lowers that bound.
        services.AddOptions<ReminderOptions>().Configure<IOptions<ReconcileOptions>>((reminders, reconcile) =>
        {
            if (reconcile.Value.SweepInterval < reminders.MinimumReminderPeriod)
            {
                reminders.MinimumReminderPeriod = reconcile.Value.SweepInterval;
            }
        });
        return services;
    }
}
