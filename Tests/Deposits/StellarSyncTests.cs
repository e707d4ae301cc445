using System.Security.Cryptography;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Deposits;
using Rowell.Grains.Deposits;
using Rowell.Grains.Ledgers;
using Rowell.Grains.Ledgers.Sandbox;
using Rowell.Grains.Ledgers.Stellar;
using Rowell.Grains.LedgerSync;
using Rowell.Tests.Ledgers.Fakes;

namespace Rowell.Tests.Deposits;

/// <summary>Stellar inbound sync against a fake Horizon serving the network-wide /payments feed.</summary>
public sealed class StellarSyncTests : IAsyncLifetime
{
    private static readonly AssetInfo Usdc = AssetCatalog.Find(Network.Stellar, LedgerEnvironment.Testnet, "USDC")!;
    private static readonly StellarAsset UsdcLine = StellarAsset.Credit("USDC", Usdc.Issuer!);
    private FakeHorizon _horizon = null!;
    private readonly InMemoryDepositStore _deposits = new(new InMemorySandboxLedgerStore());
    private readonly InMemoryWalletDirectory _directory = new();
    private readonly InMemorySyncCursorStore _cursors = new();

    public async Task InitializeAsync() => _horizon = await FakeHorizon.StartAsync();

    public async Task DisposeAsync() => await _horizon.DisposeAsync();

    private LedgerSettings Settings => new() { StellarTestnetUrl = _horizon.Url, FriendbotUrl = _horizon.FriendbotUrl, HttpTimeout = TimeSpan.FromSeconds(10) };

    private sealed record Wallet(byte[] Seed, string Address);

    private static Wallet NewKey()
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        using var kp = StellarKeyPair.FromSeed(seed);
        return new Wallet(seed, kp.AccountId);
    }

    private async Task<Wallet> OursAsync(string name)
    {
        var w = NewKey();
        _horizon.OpenAccount(w.Address, 100 * StellarAmount.StroopsPerUnit);
        _horizon.AddTrustline(w.Address, UsdcLine, 0);
        await _directory.RegisterAsync(new WalletAddress(Network.Stellar, w.Address, "wal_" + name, "acc_" + name, "dev_1", LedgerEnvironment.Testnet), default);
        return w;
    }

    private async Task<IReadOnlyList<DepositView>> AllDepositsAsync() =>
        (await _deposits.ListAsync("dev_1", new DepositFilter(), new PageRequest(100, null, null), default)).Items;

    [Fact]
    public async Task InboundPayments_AcrossPages_AndACrashBeforeTheCursorMoved_AreRecordedExactlyOnce()
    {
        var (a, b) = (await OursAsync("a"), await OursAsync("b"));
        var stranger = NewKey().Address;
        var other = NewKey().Address;
        var crashing = new CrashingCursorStore(_cursors);
        await using (var first = new SyncHarness(Settings, _deposits, _directory, crashing))
        {
            await first.DrainAsync(Network.Stellar); // the first pass only places the cursor at the current ledger
            var xlmIn = _horizon.ExternalPayment(stranger, a.Address, StellarAsset.Native, 5 * StellarAmount.StroopsPerUnit);
            _horizon.ExternalPayment(stranger, a.Address, UsdcLine, 2 * StellarAmount.StroopsPerUnit);
            // Outbound (ours → stranger) and internal (ours → ours) payments Rowell sent itself: not deposits.
            var ledger = first.Ledger(Network.Stellar);
            var xlm = AssetCatalog.Native(Network.Stellar, LedgerEnvironment.Testnet);
            await ledger.SubmitPaymentAsync(new LedgerPayment("pay_out", LedgerEnvironment.Testnet, a.Address, b.Address, xlm, StellarAmount.StroopsPerUnit, 100, null, a.Seed), default);
            _horizon.ExternalPayment(a.Address, other, StellarAsset.Native, StellarAmount.StroopsPerUnit);
            // A payment between two strangers, and enough traffic to need more than one page.
            _horizon.ExternalPayment(stranger, other, StellarAsset.Native, 7);
            for (var i = 0; i < 250; i++)
            {
                _horizon.ExternalPayment(stranger, other, StellarAsset.Native, 1 + i);
            }
            _horizon.ExternalPayment(stranger, b.Address, StellarAsset.Native, 3 * StellarAmount.StroopsPerUnit);

            // Crash: page one's deposits are recorded, then storing the cursor fails.
            crashing.FailNextWrites = 1;
            await Assert.ThrowsAsync<InvalidOperationException>(() => first.Sync(Network.Stellar).RunOnceAsync(LedgerEnvironment.Testnet, default));
            Assert.Equal(2, (await AllDepositsAsync()).Count);
            Assert.Contains(await AllDepositsAsync(), d => d.LedgerOperationId == xlmIn);
        }

        // Restart: a new process over the same durable stores re-reads page one and carries on.
        await using var second = new SyncHarness(Settings, _deposits, _directory, _cursors);
        var reports = await second.DrainAsync(Network.Stellar);
        var deposits = await AllDepositsAsync();

        Assert.Equal(3, deposits.Count);
        Assert.Contains(deposits, d => d.AccountId == "acc_a" && d.AssetCode == "XLM" && d.AmountMinor == 5 * StellarAmount.StroopsPerUnit && d.FromAddress == stranger);
        Assert.Contains(deposits, d => d.AccountId == "acc_a" && d.AssetCode == "USDC" && d.AmountMinor == 2 * StellarAmount.StroopsPerUnit && d.Decimals == 7);
        Assert.Contains(deposits, d => d.AccountId == "acc_b" && d.WalletId == "wal_b" && d.FromAddress == stranger && d.AmountMinor == 3 * StellarAmount.StroopsPerUnit);
        Assert.DoesNotContain(deposits, d => d.FromAddress == a.Address || d.ToAddress == other);
        // One deposit.received per deposit, each carrying the deposit as data.object.
        Assert.Equal(deposits.Select(d => d.Id).Order(), _deposits.Events.Select(e => e.AggregateId).Order());
        Assert.All(_deposits.Events, e => Assert.Equal(DepositEvents.Received, e.Type));
        Assert.All(_deposits.Events, e => Assert.Contains($"\"id\":\"{e.AggregateId}\"", e.PayloadJson));
        // 256 records in pages of 200: the restart read page one again, then page two.
        Assert.True(reports.Sum(r => r.Requests) <= 3, $"requests {reports.Sum(r => r.Requests)}");

        // Nothing new: another pass records nothing and reads one empty page.
        var idle = await second.Sync(Network.Stellar).RunOnceAsync(LedgerEnvironment.Testnet, default);
        Assert.Equal((1, 0, 0), (idle.Requests, idle.Records, idle.Deposits));
        Assert.Equal(3, (await AllDepositsAsync()).Count);
    }

    /// <summary>
    /// The cost model (docs/LEDGERS.md): one Horizon request per pass (≈ per ledger close) while the network
    /// carries ≤ 200 payments per close, whatever the number of wallets. scripts/bench/ledger-sync.sh runs this
    /// with ROWELL_BENCH_WALLETS=100000 and prints the report; the suite runs it with 5,000.
    /// </summary>
    [Fact]
    public async Task IdleWallets_CostNothing_OneRequestPerPassWhateverTheirNumber()
    {
        var wallets = int.TryParse(Environment.GetEnvironmentVariable("ROWELL_BENCH_WALLETS"), out var n) ? n : 5_000;
        var ours = new List<string>();
        for (var i = 0; i < wallets; i++)
        {
            var address = NewKey().Address;
            ours.Add(address);
            await _directory.RegisterAsync(new WalletAddress(Network.Stellar, address, $"wal_{i}", $"acc_{i}", "dev_1", LedgerEnvironment.Testnet), default);
        }
        await using var harness = new SyncHarness(Settings, _deposits, _directory, _cursors);
        await harness.DrainAsync(Network.Stellar);
        const int passes = 20;
        var before = _horizon.Requests;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var pass = 0; pass < passes; pass++)
        {
            // Each "ledger close": 50 payments between strangers and one into one of our wallets.
            for (var i = 0; i < 50; i++)
            {
                _horizon.ExternalPayment(NewKey().Address, NewKey().Address, StellarAsset.Native, 1);
            }
            _horizon.ExternalPayment(NewKey().Address, ours[pass * 7 % ours.Count], StellarAsset.Native, 10);
            await harness.Sync(Network.Stellar).RunOnceAsync(LedgerEnvironment.Testnet, default);
        }
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var requests = _horizon.Requests - before;
        var depositCount = (await AllDepositsAsync()).Count;
        if (Environment.GetEnvironmentVariable("ROWELL_BENCH_OUT") is { Length: > 0 } report)
        {
            await File.WriteAllTextAsync(report, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"wallets={wallets} passes={passes} payments_per_pass=51 horizon_requests={requests} requests_per_pass={(double)requests / passes:F2} "
                + $"deposits={depositCount} ms_per_pass={elapsed.TotalMilliseconds / passes:F1} "
                + $"steady_state_requests_per_second_at_5s_closes={(double)requests / passes / 5:F2} per_wallet_model_would_be={wallets / 5.0:F0}/s\n"));
        }
        Assert.Equal(passes, requests);
        Assert.Equal(passes, (await AllDepositsAsync()).Count);
    }
}
