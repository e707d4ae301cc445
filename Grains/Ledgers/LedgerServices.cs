using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rowell.Abstractions.Common;
using Rowell.Grains.Hosting;
using Rowell.Grains.Ledgers.Hedera;
using Rowell.Grains.Ledgers.Sandbox;
using Rowell.Grains.Ledgers.Stellar;
using Rowell.Grains.Ledgers.Submissions;

namespace Rowell.Grains.Ledgers;

/// <summary>Registers one ILedger per network: the sandbox, or (ROWELL_LEDGER=testnet) Stellar via Horizon and Hedera via mirror node + HAPI.</summary>
public static class LedgerServices
{
    public static IServiceCollection AddRowellLedgers(this IServiceCollection services, RowellSettings settings)
    {
        var ledgers = settings.Ledgers;
        services.AddSingleton(ledgers);
        if (settings.Ledger != "testnet")
        {
            var sandbox = new SandboxOptions
            {
                SettlementDelay = settings.SandboxSettlementDelay,
                FailureRate = settings.SandboxFailureRate,
            };
            foreach (var network in Enum.GetValues<Network>())
            {
                services.AddSingleton<ILedger>(sp => new SandboxLedger(network, sp.GetRequiredService<ISandboxLedgerStore>(), sandbox, sp.GetRequiredService<TimeProvider>()));
            }
        }
        else
        {
            if (settings.IsCluster)
            {
                services.AddSingleton<ILedgerSubmissionStore>(sp => new PostgresLedgerSubmissionStore(sp.GetRequiredService<NpgsqlDataSource>()));
            }
            else
            {
                services.AddSingleton<ILedgerSubmissionStore, InMemoryLedgerSubmissionStore>();
            }
            services.AddHttpClient(LedgerHttp.HorizonClient).AddStandardResilienceHandler(o => LedgerHttp.Configure(o, ledgers.HttpTimeout));
            services.AddHttpClient(LedgerHttp.MirrorClient).AddStandardResilienceHandler(o => LedgerHttp.Configure(o, ledgers.HttpTimeout));
            services.AddSingleton<HorizonClient>();
            services.AddSingleton<MirrorNodeClient>();
            services.AddSingleton(_ => new HapiClient(ledgers.HttpTimeout, ledgers.HederaReceiptPollInterval, ledgers.HederaReceiptPollAttempts));
            services.AddSingleton<ILedger, StellarLedger>();
            services.AddSingleton<ILedger, HederaLedger>();
        }
        services.AddSingleton<LedgerRegistry>();
        return services;
    }
}
