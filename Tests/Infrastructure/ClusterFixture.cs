using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Rowell.Grains.Accounts;
using Rowell.Grains.Email;
using Rowell.Grains.Events;
using Rowell.Grains.Webhooks;
using Rowell.Grains.Hosting;
using Rowell.Grains.Ledgers.Sandbox;
using Rowell.Grains.Transfers;

namespace Rowell.Tests.Infrastructure;

/// <summary>
/// Two in-process silos with in-memory storage. The sandbox books and the read model are shared
/// singletons, as Postgres is shared in the real cluster, so a grain on either silo sees one ledger.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;
    public IClusterClient Client => Cluster.Client;
    public InMemorySandboxLedgerStore Ledger { get; } = new();
    public InMemoryAccountReadModel ReadModel { get; } = new();
    public InMemoryTransferStore Transfers { get; }
    /// <summary>The one event log every in-memory producer of both silos appends to, as they share rowell_events in Postgres.</summary>
    public InMemoryEventLog Events { get; } = new();
    public InMemoryWebhookStore Webhooks { get; }
    public InMemoryEmailOutbox Emails { get; } = new();
    public Rowell.Grains.Compliance.Storage.InMemoryComplianceStore Compliance { get; } = new();
    public RowellSettings Settings { get; private set; } = null!;

    public ClusterFixture()
    {
        Transfers = new InMemoryTransferStore(Events);
        Webhooks = new InMemoryWebhookStore(Events);
    }

    /// <summary>The transfer store the silos use: <see cref="Transfers"/>, or a fault-injecting wrapper around it in a variant.</summary>
    protected virtual ITransferStore TransferStore => Transfers;

    /// <summary>Variants (e.g. a flaky sandbox ledger) adjust the settings here.</summary>
    protected virtual RowellSettings Configure(RowellSettings settings) => settings;

    public async Task InitializeAsync()
    {
        var settings = Settings = Configure(TestSettings.Embedded());
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            silo.Services.AddSharedInMemoryEvents(Events, Webhooks, Emails);
            silo.Services.AddRowellGrainServices(settings);
            silo.AddRowellEvents(settings);
            silo.Services.AddSingleton<ISandboxLedgerStore>(Ledger);
            silo.Services.AddSingleton<IAccountReadModel>(ReadModel);
            silo.Services.AddSingleton<ITransferStore>(TransferStore);
            silo.Services.AddSingleton<Rowell.Grains.Compliance.Storage.IComplianceStore>(Compliance);
        });
        builder.ConfigureClient(client => client.AddMemoryStreams(Rowell.Abstractions.Events.EventStreams.Provider));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
