using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Rowell.Grains.Observability;
using Npgsql;
using Rowell.Abstractions.Analytics;
using Rowell.Grains.Events;

namespace Rowell.Grains.Analytics;

/// <summary>Analytics wiring for a silo, in both modes: one call from RowellHosting.AddRowellGrainServices.</summary>
public static class AnalyticsHosting
{
    public static IServiceCollection AddRowellAnalyticsServices(this IServiceCollection services, bool cluster)
    {
        services.AddSingleton(sp => AnalyticsSettings.From(sp.GetService<IConfiguration>()));
        services.AddSingleton<IUsdPriceSource>(sp => sp.GetRequiredService<AnalyticsSettings>().UsdRates);
        if (cluster)
        {
            services.AddSingleton<IAnalyticsStore>(sp => new PostgresAnalyticsStore(sp.GetRequiredService<NpgsqlDataSource>()));
            services.AddSingleton<IAnalyticsEventLog>(sp => new PostgresAnalyticsEventLog(sp.GetRequiredService<NpgsqlDataSource>()));
        }
        else
        {
            services.AddSingleton<IAnalyticsStore, InMemoryAnalyticsStore>();
            // Embedded mode's one event log, which every in-memory producer appends to.
            services.AddSingleton<IAnalyticsEventLog>(sp =>
            {
                var log = sp.GetRequiredService<InMemoryEventLog>();
                return new InMemoryAnalyticsEventLog(() => log.All);
            });
        }
        services.AddRowellMetrics();
        services.TryAddSingleton<AnalyticsMetrics>();
        services.AddSingleton<AnalyticsReconciler>();
        services.AddSingleton<AnalyticsReadCache>();
        services.AddSingleton<AnalyticsQueries>();
        services.AddHostedService<AnalyticsGaugeSampler>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, AnalyticsStartup>();
        return services;
    }
}

/// <summary>Every silo makes sure the reconciler's reminder exists once it is active (idempotent).</summary>
internal sealed class AnalyticsStartup(IGrainFactory grains) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe<AnalyticsStartup>(ServiceLifecycleStage.Active, _ => grains.GetGrain<IAnalyticsReconcilerGrain>(0).Start());
}
