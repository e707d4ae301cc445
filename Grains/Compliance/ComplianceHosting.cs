using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Rowell.Grains.Analytics;
using Rowell.Grains.Compliance.Documents;
using Rowell.Grains.Compliance.Risk;
using Rowell.Grains.Compliance.Sanctions;
using Rowell.Grains.Compliance.Screening;
using Rowell.Grains.Compliance.Storage;
using Rowell.Grains.Hosting;

namespace Rowell.Grains.Compliance;

public static class ComplianceHosting
{
    /// <summary>Compliance services of a silo: the store for the mode, the sanctions list, USD rates and the transfer screening.</summary>
    public static IServiceCollection AddRowellCompliance(this IServiceCollection services, RowellSettings settings)
    {
        var compliance = settings.Compliance;
        if (settings.IsCluster)
        {
            services.AddSingleton<IComplianceStore, PostgresComplianceStore>();
        }
        else
        {
            // One event log for every in-memory producer (Grains/Events/InMemoryEventLog.cs).
            services.AddSingleton<IComplianceStore>(sp => new InMemoryComplianceStore(sp.GetRequiredService<Events.InMemoryEventLog>()));
        }
        services.AddSingleton(compliance);
        services.AddSingleton(new DocumentVault(settings.SecretKey, settings.PreviousSecretKey));
        // One price table for limits and reports (ROWELL_USD_RATES); analytics registers the same source.
        services.TryAddSingleton<IUsdPriceSource>(sp => AnalyticsSettings.From(sp.GetService<IConfiguration>()).UsdRates);
        services.AddSingleton<IComplianceUsdRates>(sp => new ComplianceUsdRates(sp.GetRequiredService<IUsdPriceSource>()));
        services.AddSingleton(sp => new SanctionsListProvider(compliance.SanctionsFile, compliance.SanctionsReloadEvery,
            sp.GetRequiredService<TimeProvider>(), sp.GetService<ILoggerFactory>()?.CreateLogger<SanctionsListProvider>()));
        services.AddSingleton(RuleBasedCompliance.FromSettings(settings.ComplianceReviewAbove, settings.ComplianceBlocked));
        services.AddSingleton<ITransferCompliance, ScreeningCompliance>();
        return services;
    }
}
