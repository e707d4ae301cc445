using Rowell.Grains.Observability;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Rowell.Abstractions.Common;
using Rowell.Grains.Hosting;
using Rowell.Grains.Ledgers.Hedera;
using Rowell.Grains.Ledgers.Sandbox;
using Rowell.Grains.Ledgers.Stellar;
using Rowell.Grains.Ledgers.Submissions;
using Rowell.Grains.Deposits;
using Rowell.Grains.LedgerSync;

namespace Rowell.Grains.Ledgers;

/// <summary>Registers one ILedger per network: the sandbox, or (ROWELL_LEDGER=testnet) Stellar via Horizon and Hedera via mirror node + HAPI.</summary>
public static class LedgerServices
{
    public static IServiceCollection AddRowellLedgers(this IServiceCollection services, RowellSettings settings)
    {
        var ledgers = settings.Ledgers;
        services.AddSingleton(ledgers);
        // Deposits and our address directory exist in both ledger modes: the sandbox records its simulated
        // inbound payments through the same path as the testnet sync.
        if (settings.IsCluster)
        {
            services.AddSingleton<IDepositStore>(sp => new PostgresDepositStore(sp.GetRequiredService<NpgsqlDataSource>()));
            services.AddSingleton<IWalletDirectory>(sp => new PostgresWalletDirectory(sp.GetRequiredService<NpgsqlDataSource>()));
            services.AddSingleton<ISyncCursorStore>(sp => new PostgresSyncCursorStore(sp.GetRequiredService<NpgsqlDataSource>()));
        }
        else
        {
            services.AddSingleton<IDepositStore>(sp => new InMemoryDepositStore(sp.GetRequiredService<ISandboxLedgerStore>(), sp.GetService<Events.InMemoryEventLog>()));
            services.AddSingleton<IWalletDirectory, InMemoryWalletDirectory>();
            services.AddSingleton<ISyncCursorStore, InMemorySyncCursorStore>();
        }
        services.AddSingleton<DepositRecorder>();
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
            services.AddSingleton<HorizonPaymentsClient>();
            services.AddSingleton<MirrorTransactionsClient>();
            services.AddSingleton<IInboundSync, StellarInboundSync>();
            services.AddSingleton<IInboundSync, HederaInboundSync>();
        }
        services.AddRowellMetrics();
        services.AddSingleton<LedgerRegistry>();
        return services;
    }

    /// <summary>
    /// Silo start-up: with real ledgers, make sure each network's inbound sync has its reminder (idempotent).
    /// Testnet always; mainnet only where ROWELL_ALLOW_MAINNET lets mainnet wallets exist.
    /// </summary>
    public static async Task StartLedgerSyncAsync(IServiceProvider sp, CancellationToken cancellationToken)
    {
        var settings = sp.GetRequiredService<RowellSettings>();
        if (settings.Ledger != "testnet")
        {
            return;
        }
        var grains = sp.GetRequiredService<IGrainFactory>();
        foreach (var sync in sp.GetServices<IInboundSync>())
        {
            await grains.GetGrain<ILedgerSyncGrain>(LedgerSyncGrain.Key(sync.Network, LedgerEnvironment.Testnet)).Start();
            if (settings.Ledgers.AllowMainnet)
            {
                await grains.GetGrain<ILedgerSyncGrain>(LedgerSyncGrain.Key(sync.Network, LedgerEnvironment.Mainnet)).Start();
            }
        }
    }
}
