using Microsoft.Extensions.DependencyInjection;
using Rowell.Abstractions.Common;
using Rowell.Grains.Deposits;
using Rowell.Grains.Hosting;
using Rowell.Grains.Ledgers;
using Rowell.Grains.Ledgers.Sandbox;
using Rowell.Grains.LedgerSync;

namespace Rowell.Tests.Deposits;

/// <summary>
/// The inbound sync's real wiring (AddRowellLedgers, testnet) against the fakes. The durable stores are passed
/// in, so a "restart" is a new provider — new clients and sync objects — over the same deposits and cursors.
/// </summary>
public sealed class SyncHarness : IAsyncDisposable
{
    private readonly ServiceProvider _sp;

    public SyncHarness(LedgerSettings ledgers, IDepositStore deposits, IWalletDirectory directory, ISyncCursorStore cursors)
    {
        var settings = new RowellSettings { Ledger = "testnet", Ledgers = ledgers };
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        services.AddRowellLedgers(settings);
        services.AddSingleton<ISandboxLedgerStore, InMemorySandboxLedgerStore>();
        services.AddSingleton(deposits);
        services.AddSingleton(directory);
        services.AddSingleton(cursors);
        _sp = services.BuildServiceProvider();
    }

    public IInboundSync Sync(Network network) => _sp.GetServices<IInboundSync>().Single(s => s.Network == network);

    public ILedger Ledger(Network network) => _sp.GetRequiredService<LedgerRegistry>().Unmetered(network);

    /// <summary>Passes until one reads nothing new (bounded).</summary>
    public async Task<List<SyncReport>> DrainAsync(Network network)
    {
        var reports = new List<SyncReport>();
        for (var i = 0; i < 50; i++)
        {
            var report = await Sync(network).RunOnceAsync(LedgerEnvironment.Testnet, default);
            reports.Add(report);
            if (report.Records == 0)
            {
                break;
            }
        }
        return reports;
    }

    public ValueTask DisposeAsync() => _sp.DisposeAsync();
}

/// <summary>A cursor store whose next N writes fail: a crash after a page's deposits were recorded, before the cursor moved.</summary>
public sealed class CrashingCursorStore(ISyncCursorStore inner) : ISyncCursorStore
{
    public int FailNextWrites { get; set; }

    public Task<string?> GetAsync(Network network, LedgerEnvironment environment, CancellationToken cancellationToken) =>
        inner.GetAsync(network, environment, cancellationToken);

    public Task SetAsync(Network network, LedgerEnvironment environment, string cursor, CancellationToken cancellationToken)
    {
        if (FailNextWrites > 0)
        {
            FailNextWrites--;
            throw new InvalidOperationException("crash before the cursor was stored");
        }
        return inner.SetAsync(network, environment, cursor, cancellationToken);
    }
}
