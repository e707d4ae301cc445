using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
            services.AddSingleton<IComplianceStore, InMemoryComplianceStore>();
        }
        services.AddSingleton(compliance);
        services.AddSingleton(new DocumentVault(settings.SecretKey));
        services.AddSingleton<IComplianceUsdRates>(StaticComplianceUsdRates.FromSetting(compliance.UsdRates));
        services.AddSingleton(sp => new SanctionsListProvider(compliance.SanctionsFile, compliance.SanctionsReloadEvery,
            sp.GetRequiredService<TimeProvider>(), sp.GetService<ILoggerFactory>()?.CreateLogger<SanctionsListProvider>()));
        services.AddSingleton(RuleBasedCompliance.FromSettings(settings.ComplianceReviewAbove, settings.ComplianceBlocked));
        services.AddSingleton<ITransferCompliance, ScreeningCompliance>();
        return services;
    }
}
