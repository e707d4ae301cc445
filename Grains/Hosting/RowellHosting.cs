using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Storage;
using Rowell.Abstractions.Common;
using Rowell.Grains.Accounts;
using Rowell.Grains.Analytics;
using Rowell.Grains.Ledgers;
using Rowell.Grains.Ledgers.Sandbox;
using Rowell.Grains.Observability;
using Rowell.Grains.Wallets;
using Rowell.Grains.Transfers;
using Rowell.Grains.Compliance;
using Rowell.Grains.Idempotency;
using Rowell.Grains.Storage;
using Rowell.Grains.Security;
using Rowell.Grains.Events;
using Rowell.Abstractions.Transfers;

namespace Rowell.Grains.Hosting;

/// <summary>How a silo is wired, in both modes (the client side is <see cref="RowellClientHosting"/>). The Silo host, the embedded API and the tests call these.</summary>
public static class RowellHosting
{
    public const string PostgresInvariant = RowellClientHosting.PostgresInvariant;

    public static ISiloBuilder UseRowell(this ISiloBuilder silo, RowellSettings settings)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });
        if (settings.IsCluster)
        {
            var cs = settings.DatabaseConnectionString!;
            silo.ConfigureEndpoints(IPAddress.Parse(settings.AdvertisedAddress), settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = cs;
            });
            silo.AddAdoNetGrainStorageAsDefault(ob => ob.Configure<IServiceProvider>((o, sp) =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = cs;
                // Orleans' own binary format: version-tolerant through the [Id]s on our state types.
                o.GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(sp);
            }));
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = cs;
            });
        }
        else
        {
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort);
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
        }
        if (settings.FastFailover)
        {
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            });
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
        }
        if (settings.MinimumReminderPeriod is { } period)
        {
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = period);
        }
        if (settings.AdminToken is not null)
        {
            // Profiles every grain call for the operators' dashboard: only when an operator can open it.
            silo.AddDashboard();
        }
        silo.Services.AddRowellGrainServices(settings);
        silo.AddRowellEvents(settings);
        // Every silo makes sure the transfer sweeper's reminder exists (idempotent).
        silo.AddStartupTask((sp, _) => sp.GetRequiredService<IGrainFactory>().GetGrain<ITransferSweeperGrain>(0).Start());
        silo.AddStartupTask(Ledgers.LedgerServices.StartLedgerSyncAsync);
        silo.Services.AddRowellSiloMetrics();
        return silo;
    }

    /// <summary>Services the grains depend on. Storage choices follow the mode.</summary>
    public static IServiceCollection AddRowellGrainServices(this IServiceCollection services, RowellSettings settings)
    {
        services.AddSingleton(settings);
        // A database outage inside a grain call reaches the caller as SERVICE_UNAVAILABLE (Grains/Storage/StoreOutageFilter.cs).
        services.AddSingleton<IIncomingGrainCallFilter, Storage.StoreOutageFilter>();
        services.AddSingleton(settings.Countries);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(WalletKeyVault.For(settings));
        if (settings.IsCluster)
        {
            services.AddSingleton(_ => NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(settings.DatabaseConnectionString!)
            {
                // The hot-path statements are few and repeated thousands of times a second: let Npgsql
                // prepare them, so Postgres parses and plans each once per connection, not per call.
                MaxAutoPrepare = 64,
                AutoPrepareMinUsages = 2,
                // Our statements never change session state (no SET, LISTEN, temp tables or session-level
                // advisory locks; the schema lock is transaction-scoped), so the DISCARD-style reset Npgsql
                // runs each time a pooled connection is reused is pure cost: about 13 µs of Postgres time per transfer.
                NoResetOnClose = true,
            }.ConnectionString));
            services.AddSingleton<PostgresBatcher>();
            services.AddSingleton<IAccountReadModel, PostgresAccountReadModel>();
            services.AddSingleton<ISandboxLedgerStore, PostgresSandboxLedgerStore>();
            services.AddSingleton<ITransferStore, PostgresTransferStore>();
            services.AddSingleton<IIdempotencyStore, PostgresIdempotencyStore>();
            // Values sealed under SECRET_KEY, for the re-seal after a key rotation (Tools/Admin reseal).
            services.AddSealedColumn<WalletSigningKeyColumn>();
            services.AddSealedColumn<Webhooks.WebhookSecretColumn>();
            services.AddSealedColumn<Compliance.Documents.DocumentNumberColumn>();
        }
        else
        {
            services.AddSingleton<IAccountReadModel, InMemoryAccountReadModel>();
            services.AddSingleton<ISandboxLedgerStore, InMemorySandboxLedgerStore>();
            services.AddSingleton<ITransferStore>(sp => new InMemoryTransferStore(sp.GetRequiredService<InMemoryEventLog>()));
            services.AddSingleton<IIdempotencyStore, InMemoryIdempotencyStore>();
        }
        services.AddRowellCompliance(settings);
        services.AddRowellLedgers(settings);
        // Event log, fan-out, webhooks and email (Grains/Events/EventsHosting.cs).
        services.AddRowellEventServices(settings);
        services.AddRowellAnalyticsServices(settings.IsCluster);
        return services;
    }
}
