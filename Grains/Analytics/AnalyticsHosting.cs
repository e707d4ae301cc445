using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rowell.Abstractions.Analytics;
using Rowell.Grains.Transfers;

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
            // The embedded event log is the in-memory transfer store's (the events it commits with each state change).
            services.AddSingleton<IAnalyticsEventLog>(sp =>
            {
                var transfers = sp.GetRequiredService<ITransferStore>() as InMemoryTransferStore
                    ?? throw new InvalidOperationException("Embedded analytics reads the in-memory transfer store's event log.");
                return new InMemoryAnalyticsEventLog(() => transfers.Events);
            });
        }
        services.AddSingleton<AnalyticsReconciler>();
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
