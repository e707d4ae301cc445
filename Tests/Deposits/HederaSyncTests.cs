using System.Security.Cryptography;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Deposits;
using Rowell.Grains.Deposits;
using Rowell.Grains.Ledgers;
using Rowell.Grains.Ledgers.Hedera;
using Rowell.Grains.Ledgers.Sandbox;
using Rowell.Grains.LedgerSync;
using Rowell.Tests.Ledgers.Fakes;

namespace Rowell.Tests.Deposits;

/// <summary>Hedera inbound sync against a fake mirror node serving the network-wide /api/v1/transactions feed.</summary>
public sealed class HederaSyncTests : IAsyncLifetime
{
    private const long Hbar = 100_000_000;
    private static readonly AssetInfo Usdc = AssetCatalog.Find(Network.Hedera, LedgerEnvironment.Testnet, "USDC")!;
    private FakeHedera _hedera = null!;
    private readonly InMemoryDepositStore _deposits = new(new InMemorySandboxLedgerStore());
    private readonly InMemoryWalletDirectory _directory = new();
    private readonly InMemorySyncCursorStore _cursors = new();

    public async Task InitializeAsync() => _hedera = await FakeHedera.StartAsync();

    public async Task DisposeAsync() => await _hedera.DisposeAsync();

    private LedgerSettings Settings => new()
    {
        HederaTestnetUrl = _hedera.MirrorUrl,
        HederaTestnetNode = _hedera.NodeSpec,
        HttpTimeout = TimeSpan.FromSeconds(10),
        HederaReceiptPollInterval = TimeSpan.FromMilliseconds(20),
    };

    private async Task<(byte[] Seed, string Address)> OursAsync(string name)
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        var address = _hedera.OpenAccount(HederaTransactions.PublicKeyOf(seed), 10 * Hbar);
        _hedera.SetToken(address, Usdc.Issuer!, 0);
        await _directory.RegisterAsync(new WalletAddress(Network.Hedera, address, "wal_" + name, "acc_" + name, "dev_1", LedgerEnvironment.Testnet), default);
        return (seed, address);
    }

    [Fact]
    public async Task HbarAndUsdcInbound_PagedAndRestarted_RecordedOnce_OutboundAndStrangersIgnored()
    {
        var a = await OursAsync("a");
        var b = await OursAsync("b");
        var stranger = _hedera.OpenAccount(HederaTransactions.PublicKeyOf(RandomNumberGenerator.GetBytes(32)), 1_000 * Hbar);
        _hedera.SetToken(stranger, Usdc.Issuer!, 1_000_000_000);
        var crashing = new CrashingCursorStore(_cursors);
        await using (var first = new SyncHarness(Settings, _deposits, _directory, crashing))
        {
            await first.DrainAsync(Network.Hedera);
            await Task.Delay(5); // consensus timestamps after the cursor
            var hbarIn = _hedera.ExternalTransfer(stranger, a.Address, null, 3 * Hbar);
            _hedera.ExternalTransfer(stranger, a.Address, Usdc.Issuer, 2_500_000);
            // Rowell's own payment a → b (signed and sent through HAPI): a transfer, not a deposit.
            var hbar = AssetCatalog.Native(Network.Hedera, LedgerEnvironment.Testnet);
            await first.Ledger(Network.Hedera).SubmitPaymentAsync(new LedgerPayment("pay_ab", LedgerEnvironment.Testnet, a.Address, b.Address, hbar, Hbar, 0, null, a.Seed), default);
            _hedera.ExternalTransfer(a.Address, stranger, null, Hbar); // outbound
            for (var i = 0; i < 120; i++)
            {
                _hedera.ExternalTransfer(stranger, "0.0.777", null, 1 + i); // strangers, enough for two pages
            }
            _hedera.ExternalTransfer(stranger, b.Address, Usdc.Issuer, 1_000_000);

            crashing.FailNextWrites = 1;
            await Assert.ThrowsAsync<InvalidOperationException>(() => first.Sync(Network.Hedera).RunOnceAsync(LedgerEnvironment.Testnet, default));
            Assert.Contains((await All()), d => d.LedgerOperationId.StartsWith(hbarIn + "/HBAR/", StringComparison.Ordinal));
        }
        await using var second = new SyncHarness(Settings, _deposits, _directory, _cursors);
        await second.DrainAsync(Network.Hedera);
        var deposits = await All();

        Assert.Equal(3, deposits.Count);
        Assert.Contains(deposits, d => d.AccountId == "acc_a" && d.AssetCode == "HBAR" && d.AmountMinor == 3 * Hbar && d.FromAddress == stranger && d.Decimals == 8);
        Assert.Contains(deposits, d => d.AccountId == "acc_a" && d.AssetCode == "USDC" && d.AmountMinor == 2_500_000 && d.Decimals == 6);
        Assert.Contains(deposits, d => d.AccountId == "acc_b" && d.AssetCode == "USDC" && d.AmountMinor == 1_000_000);
        Assert.Equal(3, _deposits.Events.Count);
        Assert.Equal(deposits.Select(d => d.Id).Order(), _deposits.Events.Select(e => e.AggregateId).Order());
    }

    /// <summary>
    /// The cost model (docs/LEDGERS.md): one mirror-node request per pass — a network-wide /api/v1/transactions
    /// page — while the network carries ≤ 100 transactions per pass, whatever the number of wallets; no
    /// per-account reads. scripts/bench/ledger-sync.sh runs this with ROWELL_BENCH_WALLETS=100000 and prints the
    /// report; the suite runs it with 5,000.
    /// </summary>
    [Fact]
    public async Task IdleWallets_CostNothing_OneMirrorRequestPerPassWhateverTheirNumber()
    {
        var wallets = int.TryParse(Environment.GetEnvironmentVariable("ROWELL_BENCH_WALLETS"), out var n) ? n : 5_000;
        var ours = new List<string>();
        for (var i = 0; i < wallets; i++)
        {
            // Registered in the directory only: the sync must learn about them from the feed, not by asking per account.
            var address = $"0.0.{2_000_000 + i}";
            ours.Add(address);
            await _directory.RegisterAsync(new WalletAddress(Network.Hedera, address, $"wal_{i}", $"acc_{i}", "dev_1", LedgerEnvironment.Testnet), default);
        }
        await using var harness = new SyncHarness(Settings, _deposits, _directory, _cursors);
        await harness.DrainAsync(Network.Hedera);
        await Task.Delay(5); // consensus timestamps after the cursor
        const int passes = 20;
        var (requestsBefore, pagesBefore) = (_hedera.MirrorRequests, _hedera.TransactionPagesServed);
        var stranger = 9_000_000;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var pass = 0; pass < passes; pass++)
        {
            // Each pass: 50 transfers between strangers and one into one of our accounts (HBAR or USDC).
            for (var i = 0; i < 50; i++)
            {
                _hedera.ExternalTransfer($"0.0.{stranger++}", $"0.0.{stranger++}", null, 1 + i);
            }
            _hedera.ExternalTransfer($"0.0.{stranger++}", ours[pass * 7 % ours.Count], pass % 2 == 0 ? null : Usdc.Issuer, 10);
            await harness.Sync(Network.Hedera).RunOnceAsync(LedgerEnvironment.Testnet, default);
        }
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var requests = _hedera.MirrorRequests - requestsBefore;
        var pages = _hedera.TransactionPagesServed - pagesBefore;
        var depositCount = (await All()).Count;
        if (Environment.GetEnvironmentVariable("ROWELL_BENCH_OUT") is { Length: > 0 } report)
        {
            await File.WriteAllTextAsync(report, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"wallets={wallets} passes={passes} transactions_per_pass=51 mirror_requests={requests} transaction_pages={pages} "
                + $"requests_per_pass={(double)requests / passes:F2} deposits={depositCount} ms_per_pass={elapsed.TotalMilliseconds / passes:F1} "
                + $"steady_state_requests_per_second_at_5s_passes={(double)requests / passes / 5:F2} per_wallet_model_would_be={wallets / 5.0:F0}/s\n"));
        }
        Assert.Equal(passes, requests); // every mirror request of the pass is the one feed page
        Assert.Equal(passes, pages);
        Assert.Equal(passes, depositCount);
    }

    private async Task<IReadOnlyList<DepositView>> All() =>
        (await _deposits.ListAsync("dev_1", new DepositFilter(), new PageRequest(100, null, null), default)).Items;
}
