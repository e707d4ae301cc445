using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Rowell.Abstractions.Common;
using Rowell.Grains.Hosting;
using Rowell.Grains.Ledgers;
using Rowell.Grains.Ledgers.Stellar;
using Rowell.Grains.Ledgers.Submissions;
using Rowell.Tests.Ledgers.Fakes;

namespace Rowell.Tests.Ledgers;

/// <summary>StellarLedger against a local Horizon that verifies what it receives (see <see cref="FakeHorizon"/>).</summary>
public sealed class StellarLedgerTests : IAsyncLifetime
{
    private static readonly AssetInfo Xlm = AssetCatalog.Native(Network.Stellar, LedgerEnvironment.Testnet);
    private static readonly AssetInfo Usdc = AssetCatalog.Find(Network.Stellar, LedgerEnvironment.Testnet, "USDC")!;
    private FakeHorizon _horizon = null!;
    private readonly List<ServiceProvider> _providers = [];

    public async Task InitializeAsync() => _horizon = await FakeHorizon.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var sp in _providers)
        {
            await sp.DisposeAsync();
        }
        await _horizon.DisposeAsync();
    }

    private ILedger Ledger(TimeSpan? timeout = null, ILedgerSubmissionStore? store = null, bool allowMainnet = false, Uri? horizon = null, TimeSpan? validity = null)
    {
        var settings = new RowellSettings
        {
            Ledger = "testnet",
            Ledgers = new LedgerSettings
            {
                StellarTestnetUrl = horizon ?? _horizon.Url,
                StellarMainnetUrl = horizon ?? _horizon.Url,
                FriendbotUrl = _horizon.FriendbotUrl,
                HttpTimeout = timeout ?? TimeSpan.FromSeconds(10),
                AllowMainnet = allowMainnet,
                TransactionValidity = validity ?? TimeSpan.FromSeconds(120),
            },
        };
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        services.AddRowellLedgers(settings);
        if (store is not null)
        {
            services.AddSingleton(store);
        }
        var sp = services.BuildServiceProvider();
        _providers.Add(sp);
        return sp.GetRequiredService<LedgerRegistry>().For(Network.Stellar);
    }

    private sealed record Wallet(byte[] Seed, string Address);

    private static Wallet NewWallet()
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        using var kp = StellarKeyPair.FromSeed(seed);
        return new Wallet(seed, kp.AccountId);
    }

    private Wallet Funded(long xlm = 100)
    {
        var w = NewWallet();
        _horizon.OpenAccount(w.Address, xlm * StellarAmount.StroopsPerUnit);
        return w;
    }

    private static LedgerPayment Pay(Wallet from, Wallet to, long stroops, string? id = null, AssetInfo? asset = null, string? memo = null) =>
        new(id ?? "pay_" + Guid.NewGuid().ToString("N"), LedgerEnvironment.Testnet, from.Address, to.Address, asset ?? Xlm,
            stroops, 100, memo, from.Seed);

    [Fact]
    public async Task CreateAccount_FundsThroughFriendbot_Once()
    {
        var ledger = Ledger();
        var w = NewWallet();
        using var kp = StellarKeyPair.FromSeed(w.Seed);
        var address = await ledger.CreateAccountAsync(LedgerEnvironment.Testnet, kp.PublicKey, default);
        Assert.Equal(w.Address, address);
        Assert.Equal(FakeHorizon.FriendbotStartingStroops, _horizon.Balance(address, StellarAsset.Native));
        // A retry (a wallet grain finishing a crashed create) finds the account: no second funding.
        Assert.Equal(address, await ledger.CreateAccountAsync(LedgerEnvironment.Testnet, kp.PublicKey, default));
        Assert.Equal(1, _horizon.FriendbotCalls);
        var balances = await ledger.GetBalancesAsync(LedgerEnvironment.Testnet, address, default);
        Assert.Equal(new LedgerBalance("XLM", null, FakeHorizon.FriendbotStartingStroops), Assert.Single(balances));
    }

    [Fact]
    public async Task Payment_IsSignedVerifiedAndApplied_HashIsTheEnvelopes()
    {
        var ledger = Ledger();
        var (a, b) = (Funded(), Funded());
        var result = await ledger.SubmitPaymentAsync(Pay(a, b, 12_345_678, memo: "invoice 42"), default);

        Assert.Equal(LedgerTxStatus.Success, result.Status);
        Assert.Equal(1, _horizon.SignaturesVerified);
        var sent = StellarTransactionEnvelope.FromXdrBase64(Assert.Single(_horizon.Submitted));
        Assert.Equal(sent.HashHex(StellarNetwork.Testnet), result.Hash);
        // The envelope decodes back to exactly what was asked for.
        var op = Assert.IsType<PaymentOperation>(Assert.Single(sent.Transaction.Operations));
        Assert.Equal((b.Address, 12_345_678L, true), (op.Destination, op.Amount, op.Asset.IsNative));
        Assert.Equal("invoice 42", sent.Transaction.Memo.Text);
        Assert.Equal(4_294_967_297L, sent.Transaction.SequenceNumber);
        Assert.Equal(100u, sent.Transaction.Fee);
        Assert.Equal(100 * StellarAmount.StroopsPerUnit - 12_345_678 - 100, _horizon.Balance(a.Address, StellarAsset.Native));
        Assert.Equal(100 * StellarAmount.StroopsPerUnit + 12_345_678, _horizon.Balance(b.Address, StellarAsset.Native));
        var looked = await ledger.GetTransactionAsync(result.Hash, default);
        Assert.Equal(LedgerTxStatus.Success, looked!.Status);
    }

    [Fact]
    public async Task UsdcPayment_UsesTheIssuersCreditAsset_AndBalancesShowIt()
    {
        var ledger = Ledger();
        var (a, b) = (Funded(), Funded());
        var usdc = StellarAsset.Credit("USDC", Usdc.Issuer!);
        _horizon.AddTrustline(a.Address, usdc, 50 * StellarAmount.StroopsPerUnit);
        _horizon.AddTrustline(b.Address, usdc, 0);
        var result = await ledger.SubmitPaymentAsync(Pay(a, b, 20 * StellarAmount.StroopsPerUnit, asset: Usdc), default);
        Assert.Equal(LedgerTxStatus.Success, result.Status);
        var balances = await ledger.GetBalancesAsync(LedgerEnvironment.Testnet, b.Address, default);
        Assert.Contains(new LedgerBalance("USDC", Usdc.Issuer, 20 * StellarAmount.StroopsPerUnit), balances);
    }

    [Fact]
    public async Task SamePaymentId_TwiceIsOneTransaction_SameHash()
    {
        var ledger = Ledger();
        var (a, b) = (Funded(), Funded());
        var payment = Pay(a, b, StellarAmount.StroopsPerUnit);
        var first = await ledger.SubmitPaymentAsync(payment, default);
        var second = await ledger.SubmitPaymentAsync(payment, default);
        Assert.Equal(first.Hash, second.Hash);
        Assert.Single(_horizon.Submitted);
        Assert.Equal(101 * StellarAmount.StroopsPerUnit, _horizon.Balance(b.Address, StellarAsset.Native));
    }

    [Fact]
    public async Task BadSequence_IsNotProof_TheEnvelopeIsRebuiltOnlyOnceALedgerClosedPastItsMaxTime()
    {
        var ledger = Ledger(validity: TimeSpan.FromSeconds(1));
        var (a, b) = (Funded(), Funded());
        var payment = Pay(a, b, StellarAmount.StroopsPerUnit);
        _horizon.ConsumeSequenceBeforeSubmit = 1;
        var first = await ledger.SubmitPaymentAsync(payment, default);
        // Inside its time bounds the envelope may still apply (tx_bad_seq is also what a landed one gets): pending.
        Assert.Equal(LedgerTxStatus.Pending, first.Status);
        Assert.Null(first.SourceSequence); // the cached sequence is stale: reload it next time
        Assert.Single(_horizon.Submitted);
        var stale = StellarTransactionEnvelope.FromXdrBase64(_horizon.Submitted[0]);
        Assert.Equal(stale.HashHex(StellarNetwork.Testnet), first.Hash);

        await WaitPastMaxTimeAsync(stale);
        // The settlement poll re-sends the same bytes; now a ledger closed past maxTime and Horizon has no
        // such hash: proven dead, so "no record" — the transfer resubmits the payment, which rebuilds it.
        Assert.Null(await ledger.GetTransactionAsync(first.Hash, default));
        Assert.Equal(2, _horizon.Submitted.Count);
        Assert.Equal(_horizon.Submitted[0], _horizon.Submitted[1]);
        var result = await ledger.SubmitPaymentAsync(payment, default);

        Assert.Equal(LedgerTxStatus.Success, result.Status);
        var fresh = StellarTransactionEnvelope.FromXdrBase64(_horizon.Submitted[^1]);
        Assert.Equal(stale.Transaction.SequenceNumber + 1, fresh.Transaction.SequenceNumber);
        Assert.Equal(fresh.Transaction.SequenceNumber, result.SourceSequence);
        Assert.False(_horizon.HasTransaction(stale.HashHex(StellarNetwork.Testnet)));
        Assert.Equal(fresh.HashHex(StellarNetwork.Testnet), result.Hash);
        Assert.Equal(101 * StellarAmount.StroopsPerUnit, _horizon.Balance(b.Address, StellarAsset.Native));
    }

    [Fact]
    public async Task LostAnswer_HorizonLagging_PastMaxTime_IsPaidOnce_NotRebuilt()
    {
        var store = new InMemoryLedgerSubmissionStore();
        var (a, b) = (Funded(), Funded());
        var payment = Pay(a, b, StellarAmount.StroopsPerUnit);
        _horizon.IndexerLag = TimeSpan.FromSeconds(6);
        _horizon.AnswerDelay = TimeSpan.FromSeconds(5);
        var ex = await Assert.ThrowsAsync<RowellException>(() =>
            Ledger(TimeSpan.FromMilliseconds(900), store, validity: TimeSpan.FromSeconds(1)).SubmitPaymentAsync(payment, default));
        Assert.Equal(ErrorCodes.LedgerUnavailable, ex.Code);
        _horizon.AnswerDelay = TimeSpan.Zero;
        Assert.Equal(101 * StellarAmount.StroopsPerUnit, _horizon.Balance(b.Address, StellarAsset.Native)); // it applied
        var envelope = StellarTransactionEnvelope.FromXdrBase64(_horizon.Submitted[0]);
        await WaitPastMaxTimeAsync(envelope);

        // Past maxTime, the re-send gets tx_bad_seq and Horizon (lagging) has no such hash. Not proof: the
        // newest ledger Horizon has ingested closed before maxTime. A rebuild here would pay a second time.
        var ledger = Ledger(store: store, validity: TimeSpan.FromSeconds(1));
        var retried = await ledger.SubmitPaymentAsync(payment, default);
        Assert.Equal(LedgerTxStatus.Pending, retried.Status);
        var polled = await ledger.GetTransactionAsync(retried.Hash, default);
        Assert.Equal(LedgerTxStatus.Pending, polled!.Status);
        Assert.All(_horizon.Submitted, sent => Assert.Equal(_horizon.Submitted[0], sent));

        // Once Horizon has ingested it, the same payment settles as that one transaction.
        LedgerSubmission? settled = null;
        for (var i = 0; i < 100 && settled?.Status != LedgerTxStatus.Success; i++)
        {
            await Task.Delay(100);
            settled = await ledger.GetTransactionAsync(retried.Hash, default);
        }
        Assert.Equal(LedgerTxStatus.Success, settled!.Status);
        Assert.Equal(envelope.HashHex(StellarNetwork.Testnet), (await ledger.SubmitPaymentAsync(payment, default)).Hash);
        Assert.Equal(101 * StellarAmount.StroopsPerUnit, _horizon.Balance(b.Address, StellarAsset.Native));
        Assert.All(_horizon.Submitted, sent => Assert.Equal(_horizon.Submitted[0], sent));
    }

    [Fact]
    public async Task CachedSequence_IsUsed_WithoutAskingHorizon()
    {
        var ledger = Ledger();
        var (a, b) = (Funded(), Funded());
        var first = await ledger.SubmitPaymentAsync(Pay(a, b, StellarAmount.StroopsPerUnit), default);
        Assert.Equal(_horizon.Sequence(a.Address), first.SourceSequence);
        var second = await ledger.SubmitPaymentAsync(Pay(a, b, StellarAmount.StroopsPerUnit) with { SourceSequence = first.SourceSequence }, default);
        Assert.Equal(LedgerTxStatus.Success, second.Status);
        Assert.Equal(first.SourceSequence + 1, second.SourceSequence);
        Assert.Equal(102 * StellarAmount.StroopsPerUnit, _horizon.Balance(b.Address, StellarAsset.Native));
    }

    private static async Task WaitPastMaxTimeAsync(StellarTransactionEnvelope envelope)
    {
        var maxTime = (long)envelope.Transaction.Preconditions.TimeBounds!.Value.MaxTime;
        while (DateTimeOffset.UtcNow.ToUnixTimeSeconds() <= maxTime)
        {
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Underfunded_IsInsufficientFunds_AndStaysSoOnRetry()
    {
        var ledger = Ledger();
        var (a, b) = (Funded(xlm: 5), Funded());
        var payment = Pay(a, b, 6 * StellarAmount.StroopsPerUnit);
        var ex = await Assert.ThrowsAsync<RowellException>(() => ledger.SubmitPaymentAsync(payment, default));
        Assert.Equal(ErrorCodes.InsufficientFunds, ex.Code);
        var again = await Assert.ThrowsAsync<RowellException>(() => ledger.SubmitPaymentAsync(payment, default));
        Assert.Equal(ErrorCodes.InsufficientFunds, again.Code);
        Assert.Single(_horizon.Submitted); // the recorded outcome answers the retry
        Assert.Equal(100 * StellarAmount.StroopsPerUnit, _horizon.Balance(b.Address, StellarAsset.Native));
    }

    [Fact]
    public async Task Timeout_Is503_AndTheRetryResendsTheSameTransaction()
    {
        var store = new InMemoryLedgerSubmissionStore();
        var (a, b) = (Funded(), Funded());
        var payment = Pay(a, b, StellarAmount.StroopsPerUnit);
        _horizon.AnswerDelay = TimeSpan.FromSeconds(5);
        var ex = await Assert.ThrowsAsync<RowellException>(() => Ledger(TimeSpan.FromMilliseconds(900), store).SubmitPaymentAsync(payment, default));
        Assert.Equal(ErrorCodes.LedgerUnavailable, ex.Code);
        // The network applied it even though the answer was lost.
        Assert.Equal(101 * StellarAmount.StroopsPerUnit, _horizon.Balance(b.Address, StellarAsset.Native));

        _horizon.AnswerDelay = TimeSpan.Zero;
        var retried = await Ledger(store: store).SubmitPaymentAsync(payment, default);
        Assert.Equal(LedgerTxStatus.Success, retried.Status);
        Assert.Single(_horizon.Submitted.Distinct());
        Assert.Equal(StellarTransactionEnvelope.FromXdrBase64(_horizon.Submitted[0]).HashHex(StellarNetwork.Testnet), retried.Hash);
        Assert.Equal(101 * StellarAmount.StroopsPerUnit, _horizon.Balance(b.Address, StellarAsset.Native));
    }

    [Fact]
    public async Task HorizonDown_Is503()
    {
        var down = await FakeHorizon.StartAsync();
        var url = down.Url;
        await down.DisposeAsync();
        var ledger = Ledger(TimeSpan.FromSeconds(2), horizon: url);
        var ex = await Assert.ThrowsAsync<RowellException>(() => ledger.GetBalancesAsync(LedgerEnvironment.Testnet, NewWallet().Address, default));
        Assert.Equal(ErrorCodes.LedgerUnavailable, ex.Code);
    }

    [Fact]
    public async Task FakeHorizon_RejectsATamperedEnvelope_AndOneSignedForAnotherNetwork()
    {
        var (a, b) = (Funded(), Funded());
        using var kp = StellarKeyPair.FromSeed(a.Seed);
        StellarTransactionEnvelope Signed(StellarNetwork network)
        {
            var tx = StellarTransaction.ForAccount(a.Address, _horizon.Sequence(a.Address),
                [new PaymentOperation(b.Address, StellarAsset.Native, 1_000)], new StellarTimeBounds(0, 0));
            var env = new StellarTransactionEnvelope(tx);
            env.Sign(kp, network);
            return env;
        }
        var xdr = Signed(StellarNetwork.Testnet).ToXdr();
        // Amount is the int64 just before TransactionExt (4) + signatures count (4) + hint (4) + sig len (4) + sig (64).
        xdr[xdr.Length - 4 - 4 - 4 - 4 - 64 - 1] ^= 0x01;
        var client = new HorizonClient(new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>());
        var tampered = await client.SubmitAsync(_horizon.Url, Convert.ToBase64String(xdr), default);
        Assert.Equal("tx_bad_auth", tampered.TransactionCode);
        var wrongNetwork = await client.SubmitAsync(_horizon.Url, Signed(StellarNetwork.Public).ToXdrBase64(), default);
        Assert.Equal("tx_bad_auth", wrongNetwork.TransactionCode);
        var good = await client.SubmitAsync(_horizon.Url, Signed(StellarNetwork.Testnet).ToXdrBase64(), default);
        Assert.Equal(HorizonSubmitOutcome.Success, good.Outcome);
        Assert.Equal(1, _horizon.SignaturesVerified);
    }

    [Fact]
    public async Task Validation_AndMainnetGuard()
    {
        var ledger = Ledger();
        var (a, b) = (Funded(), Funded());
        var badTo = await Assert.ThrowsAsync<RowellException>(() => ledger.SubmitPaymentAsync(Pay(a, b, 1) with { ToAddress = "0.0.12" }, default));
        Assert.Equal(("VALIDATION_ERROR", "to"), (badTo.Code, badTo.Field));
        var longMemo = await Assert.ThrowsAsync<RowellException>(() => ledger.SubmitPaymentAsync(Pay(a, b, 1, memo: new string('x', 29)), default));
        Assert.Equal("memo", longMemo.Field);
        var mainnet = await Assert.ThrowsAsync<RowellException>(() => ledger.SubmitPaymentAsync(Pay(a, b, 1) with { Environment = LedgerEnvironment.Mainnet }, default));
        Assert.Equal(("VALIDATION_ERROR", "environment"), (mainnet.Code, mainnet.Field));
        Assert.Contains("ROWELL_ALLOW_MAINNET", mainnet.Message);
        Assert.Empty(_horizon.Submitted);
        // Allowed: the mainnet envelope is signed for the public network's passphrase (the fake checks testnet's).
        var allowed = Ledger(allowMainnet: true);
        var onMainnet = await allowed.SubmitPaymentAsync(Pay(a, b, 1) with { Environment = LedgerEnvironment.Mainnet }, default);
        Assert.Equal(LedgerTxStatus.Failed, onMainnet.Status);
        Assert.Equal("tx_bad_auth", onMainnet.FailureCode);
        Assert.True(StellarTransactionEnvelope.FromXdrBase64(Assert.Single(_horizon.Submitted)).IsSignedBy(StrKey.DecodeAccountId(a.Address), StellarNetwork.Public));
    }
}
