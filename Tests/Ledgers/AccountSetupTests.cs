using System.Security.Cryptography;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Rowell.Abstractions.Common;
using Rowell.Grains.Hosting;
using Rowell.Grains.Ledgers;
using Rowell.Grains.Ledgers.Hedera;
using Rowell.Grains.Ledgers.Stellar;
using Rowell.Grains.Ledgers.Submissions;
using Rowell.Tests.Ledgers.Fakes;

namespace Rowell.Tests.Ledgers;

/// <summary>
/// Opening a wallet on the real ledgers: the USDC trustline (Stellar) and token association (Hedera) are
/// submitted once, including across a crash (a new ledger object over the same submission store), and a
/// Hedera CryptoCreate whose receipt never came is re-sent, not re-made.
/// </summary>
public sealed class AccountSetupTests : IAsyncLifetime
{
    private static readonly AssetInfo StellarUsdc = AssetCatalog.Find(Network.Stellar, LedgerEnvironment.Testnet, "USDC")!;
    private static readonly AssetInfo HederaUsdc = AssetCatalog.Find(Network.Hedera, LedgerEnvironment.Testnet, "USDC")!;
    private FakeHorizon _horizon = null!;
    private FakeHedera _hedera = null!;
    private byte[] _operatorSeed = null!;
    private string _operatorId = null!;
    private readonly List<ServiceProvider> _providers = [];

    public async Task InitializeAsync()
    {
        _horizon = await FakeHorizon.StartAsync();
        _hedera = await FakeHedera.StartAsync();
        _operatorSeed = RandomNumberGenerator.GetBytes(32);
        _operatorId = _hedera.OpenAccount(HederaTransactions.PublicKeyOf(_operatorSeed), 1_000 * 100_000_000L);
    }

    public async Task DisposeAsync()
    {
        foreach (var sp in _providers)
        {
            await sp.DisposeAsync();
        }
        await _horizon.DisposeAsync();
        await _hedera.DisposeAsync();
    }

    /// <summary>A "process": ledgers over <paramref name="store"/>, which outlives it like the Postgres table does.</summary>
    private LedgerRegistry Process(ILedgerSubmissionStore store, TimeSpan? timeout = null)
    {
        var settings = new RowellSettings
        {
            Ledger = "testnet",
            Ledgers = new LedgerSettings
            {
                StellarTestnetUrl = _horizon.Url,
                FriendbotUrl = _horizon.FriendbotUrl,
                HederaTestnetUrl = _hedera.MirrorUrl,
                HederaTestnetNode = _hedera.NodeSpec,
                HederaOperatorId = _operatorId,
                HederaOperatorKey = Convert.ToHexStringLower(_operatorSeed),
                HttpTimeout = timeout ?? TimeSpan.FromSeconds(10),
                HederaReceiptPollInterval = TimeSpan.FromMilliseconds(20),
                HederaReceiptPollAttempts = 2,
            },
        };
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        services.AddRowellLedgers(settings);
        services.AddSingleton(store);
        var sp = services.BuildServiceProvider();
        _providers.Add(sp);
        return sp.GetRequiredService<LedgerRegistry>();
    }

    private static ILedgerAccountSetup Setup(LedgerRegistry registry, Network network) => (ILedgerAccountSetup)registry.Unmetered(network);

    [Fact]
    public async Task StellarTrustline_LostAnswer_ThenRetryAfterACrash_IsSubmittedOnce()
    {
        var store = new InMemoryLedgerSubmissionStore();
        var seed = RandomNumberGenerator.GetBytes(32);
        using var kp = StellarKeyPair.FromSeed(seed);
        var address = await Process(store).For(Network.Stellar).CreateAccountAsync(LedgerEnvironment.Testnet, kp.PublicKey, default);

        // Applied, but the answer is lost: the wallet grain sees LEDGER_UNAVAILABLE and (after a crash) retries.
        _horizon.AnswerDelay = TimeSpan.FromSeconds(5);
        var lost = await Assert.ThrowsAsync<RowellException>(() =>
            Setup(Process(store, TimeSpan.FromMilliseconds(900)), Network.Stellar).EnsureAssetsAsync(LedgerEnvironment.Testnet, "wal_1", address, seed, default));
        Assert.Equal(ErrorCodes.LedgerUnavailable, lost.Code);
        _horizon.AnswerDelay = TimeSpan.Zero;

        var done = await Setup(Process(store), Network.Stellar).EnsureAssetsAsync(LedgerEnvironment.Testnet, "wal_1", address, seed, default);
        Assert.Equal(LedgerTxStatus.Success, done!.Status);
        Assert.Equal(1, _horizon.ChangeTrustsApplied);
        Assert.Equal(0, _horizon.Balance(address, StellarAsset.Credit("USDC", StellarUsdc.Issuer!)));
        var sent = _horizon.Submitted.Distinct().ToList();
        var op = Assert.IsType<ChangeTrustOperation>(Assert.Single(StellarTransactionEnvelope.FromXdrBase64(Assert.Single(sent)).Transaction.Operations));
        Assert.Equal("USDC", op.Line.Code);
        Assert.Equal(_horizon.Sequence(address), done.SourceSequence); // the wallet caches the sequence the trustline used

        // Opening the wallet again (a replayed request) submits nothing more.
        var count = _horizon.Submitted.Count;
        await Setup(Process(store), Network.Stellar).EnsureAssetsAsync(LedgerEnvironment.Testnet, "wal_1", address, seed, default);
        Assert.Equal(count, _horizon.Submitted.Count);
        Assert.Equal(1, _horizon.ChangeTrustsApplied);
    }

    [Fact]
    public async Task HederaAssociation_NodeDownThenCrash_IsSubmittedOnce_AndTokensCanArrive()
    {
        var store = new InMemoryLedgerSubmissionStore();
        var seed = RandomNumberGenerator.GetBytes(32);
        var address = await Process(store).For(Network.Hedera).CreateAccountAsync(LedgerEnvironment.Testnet, HederaTransactions.PublicKeyOf(seed), default);
        _hedera.Received.Clear();
        _hedera.LoseAnswers = 1; // applied, answer lost: gRPC's own retry re-sends the same bytes
        var done = await Setup(Process(store), Network.Hedera).EnsureAssetsAsync(LedgerEnvironment.Testnet, "wal_h", address, seed, default);
        Assert.Equal(LedgerTxStatus.Success, done!.Status);
        Assert.Equal(1, _hedera.AssociationsApplied);
        Assert.Equal(0, _hedera.Token(address, HederaUsdc.Issuer!));
        Assert.All(_hedera.Received, tx => Assert.Equal(_hedera.Received[0].ToByteArray(), tx.ToByteArray()));

        // After a crash the wallet grain runs it again: the stored outcome answers, nothing is sent.
        var sent = _hedera.Received.Count;
        Assert.Equal(LedgerTxStatus.Success, (await Setup(Process(store), Network.Hedera).EnsureAssetsAsync(LedgerEnvironment.Testnet, "wal_h", address, seed, default))!.Status);
        Assert.Equal(sent, _hedera.Received.Count);
        Assert.Equal(1, _hedera.AssociationsApplied);
    }

    [Fact]
    public async Task HederaCreate_ReceiptNeverCame_MirrorLagging_TheRetryResendsTheSameCreate_OneAccount()
    {
        var store = new InMemoryLedgerSubmissionStore();
        var key = HederaTransactions.PublicKeyOf(RandomNumberGenerator.GetBytes(32));
        _hedera.ReceiptsUnknown = true;
        _hedera.MirrorLag = TimeSpan.FromMinutes(5);
        var first = await Assert.ThrowsAsync<RowellException>(() => Process(store).For(Network.Hedera).CreateAccountAsync(LedgerEnvironment.Testnet, key, default));
        Assert.Equal(ErrorCodes.LedgerUnavailable, first.Code);
        Assert.Equal(1, _hedera.AccountsWithKey(key)); // it was made; nobody has said so yet

        // The wallet grain retries (after a crash): the mirror does not list it yet, the stored create is re-sent.
        await Assert.ThrowsAsync<RowellException>(() => Process(store).For(Network.Hedera).CreateAccountAsync(LedgerEnvironment.Testnet, key, default));
        _hedera.ReceiptsUnknown = false;
        var id = await Process(store).For(Network.Hedera).CreateAccountAsync(LedgerEnvironment.Testnet, key, default);

        Assert.Equal(1, _hedera.AccountsWithKey(key));
        Assert.Equal(key, _hedera.KeyOf(id));
        Assert.Equal(3, _hedera.Received.Count);
        Assert.All(_hedera.Received, tx => Assert.Equal(_hedera.Received[0].ToByteArray(), tx.ToByteArray()));
    }
}
