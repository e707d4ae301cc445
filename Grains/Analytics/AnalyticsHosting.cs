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
            // The embedded event log is the one every in-memory producer appends to with its state change.
            services.AddSingleton<IAnalyticsEventLog>(sp =>
            {
                var log = sp.GetRequiredService<Events.InMemoryEventLog>();
                return new InMemoryAnalyticsEventLog(() => log.All
                    .Select(e => new Events.DomainEvent(e.Id, e.DeveloperId, e.Mode, e.AggregateId, e.AggregateSeq, e.Type, e.PayloadJson, e.CreatedAt))
                    .ToList());
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
