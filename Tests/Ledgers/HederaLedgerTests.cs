using System.Security.Cryptography;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Rowell.Abstractions.Common;
using Rowell.Grains.Hosting;
using Rowell.Grains.Ledgers;
using Rowell.Grains.Ledgers.Hedera;
using Rowell.Grains.Ledgers.Hedera.Hapi;
using Rowell.Tests.Ledgers.Fakes;

namespace Rowell.Tests.Ledgers;

/// <summary>HederaLedger against a local HAPI node (gRPC) and mirror node that verify what they receive.</summary>
public sealed class HederaLedgerTests : IAsyncLifetime
{
    private const long Hbar = 100_000_000;
    private static readonly AssetInfo HbarAsset = AssetCatalog.Native(Network.Hedera, LedgerEnvironment.Testnet);
    private static readonly AssetInfo Usdc = AssetCatalog.Find(Network.Hedera, LedgerEnvironment.Testnet, "USDC")!;
    private FakeHedera _hedera = null!;
    private readonly List<ServiceProvider> _providers = [];
    private byte[] _operatorSeed = null!;
    private string _operatorId = null!;

    public async Task InitializeAsync()
    {
        _hedera = await FakeHedera.StartAsync();
        _operatorSeed = RandomNumberGenerator.GetBytes(32);
        _operatorId = _hedera.OpenAccount(HederaTransactions.PublicKeyOf(_operatorSeed), 1_000 * Hbar);
    }

    public async Task DisposeAsync()
    {
        foreach (var sp in _providers)
        {
            await sp.DisposeAsync();
        }
        await _hedera.DisposeAsync();
    }

    private ILedger Ledger(bool withOperator = true, string? operatorKey = null, TimeSpan? validity = null)
    {
        var settings = new RowellSettings
        {
            Ledger = "testnet",
            Ledgers = new LedgerSettings
            {
                HederaTestnetUrl = _hedera.MirrorUrl,
                HederaTestnetNode = _hedera.NodeSpec,
                HederaOperatorId = withOperator ? _operatorId : null,
                HederaOperatorKey = withOperator ? operatorKey ?? Convert.ToHexStringLower(HederaKeys.PrivateKeyToDer(_operatorSeed)) : null,
                HttpTimeout = TimeSpan.FromSeconds(5),
                HederaReceiptPollInterval = TimeSpan.FromMilliseconds(50),
                HederaReceiptPollAttempts = 3,
                TransactionValidity = validity ?? TimeSpan.FromSeconds(120),
            },
        };
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        services.AddRowellLedgers(settings);
        var sp = services.BuildServiceProvider();
        _providers.Add(sp);
        return sp.GetRequiredService<LedgerRegistry>().For(Network.Hedera);
    }

    private sealed record Wallet(byte[] Seed, string Address);

    private Wallet Funded(long tinybars = 10 * Hbar)
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        return new Wallet(seed, _hedera.OpenAccount(HederaTransactions.PublicKeyOf(seed), tinybars));
    }

    private static LedgerPayment Pay(Wallet from, Wallet to, long amount, AssetInfo? asset = null, string? id = null) =>
        new(id ?? "pay_" + Guid.NewGuid().ToString("N"), LedgerEnvironment.Testnet, from.Address, to.Address, asset ?? HbarAsset,
            amount, 0, "rowell test", from.Seed);

    [Fact]
    public async Task CreateAccount_WithoutOperator_SaysWhatToSet_AndMakesNoAccount()
    {
        var ex = await Assert.ThrowsAsync<RowellException>(() =>
            Ledger(withOperator: false).CreateAccountAsync(LedgerEnvironment.Testnet, HederaTransactions.PublicKeyOf(RandomNumberGenerator.GetBytes(32)), default));
        Assert.Equal(ErrorCodes.LedgerUnavailable, ex.Code);
        Assert.Contains("HEDERA_OPERATOR_ID", ex.Message);
        Assert.Contains("HEDERA_OPERATOR_KEY", ex.Message);
        Assert.Empty(_hedera.Received);
    }

    [Fact]
    public async Task CreateAccount_OperatorPays_NewAccountHoldsTheWalletKey_RetryFindsIt()
    {
        var ledger = Ledger();
        var key = HederaTransactions.PublicKeyOf(RandomNumberGenerator.GetBytes(32));
        var id = await ledger.CreateAccountAsync(LedgerEnvironment.Testnet, key, default);

        Assert.True(HederaAccountId.TryParse(id, out _));
        Assert.Equal(key, _hedera.KeyOf(id));
        Assert.Equal(1, _hedera.SignaturesVerified);
        Assert.Equal(100_000_000, _hedera.Tinybars(id));
        var body = TransactionBody.Parser.ParseFrom(SignedTransaction.Parser.ParseFrom(Assert.Single(_hedera.Received).SignedTransactionBytes).BodyBytes);
        Assert.Equal(_operatorId, HederaTransactionIds.Format(body.TransactionID.AccountID));
        Assert.Equal(HederaTransactions.AutoRenewSeconds, body.CryptoCreateAccount.AutoRenewPeriod.Seconds);

        // A retry (the wallet grain finishing a crashed create) finds the account through the mirror node.
        Assert.Equal(id, await ledger.CreateAccountAsync(LedgerEnvironment.Testnet, key, default));
        Assert.Single(_hedera.Received);
        // The raw 32-byte seed in hex works as HEDERA_OPERATOR_KEY too.
        var other = await Ledger(operatorKey: Convert.ToHexStringLower(_operatorSeed))
            .CreateAccountAsync(LedgerEnvironment.Testnet, HederaTransactions.PublicKeyOf(RandomNumberGenerator.GetBytes(32)), default);
        Assert.NotEqual(id, other);
    }

    [Fact]
    public async Task HbarTransfer_SignedByTheSender_AppliedOnce_BalancesFromMirror()
    {
        var ledger = Ledger();
        var (a, b) = (Funded(), Funded());
        var payment = Pay(a, b, 2 * Hbar);
        var result = await ledger.SubmitPaymentAsync(payment, default);

        Assert.Equal(LedgerTxStatus.Success, result.Status);
        Assert.StartsWith(a.Address + "@", result.Hash);
        Assert.Equal(10 * Hbar - 2 * Hbar - FakeHedera.FeeTinybars, _hedera.Tinybars(a.Address));
        Assert.Equal(12 * Hbar, _hedera.Tinybars(b.Address));
        var balances = await ledger.GetBalancesAsync(LedgerEnvironment.Testnet, b.Address, default);
        Assert.Equal(new LedgerBalance("HBAR", null, 12 * Hbar), Assert.Single(balances));

        var again = await ledger.SubmitPaymentAsync(payment, default);
        Assert.Equal(result.Hash, again.Hash);
        Assert.Single(_hedera.Received);
        Assert.Equal(12 * Hbar, _hedera.Tinybars(b.Address));
        Assert.Equal(LedgerTxStatus.Success, (await ledger.GetTransactionAsync(result.Hash, default))!.Status);
    }

    [Fact]
    public async Task UsdcTransfer_IsAnHtsTokenTransfer()
    {
        var ledger = Ledger();
        var (a, b) = (Funded(), Funded());
        _hedera.SetToken(a.Address, Usdc.Issuer!, 5_000_000);
        _hedera.SetToken(b.Address, Usdc.Issuer!, 0);
        var result = await ledger.SubmitPaymentAsync(Pay(a, b, 1_250_000, Usdc), default);
        Assert.Equal(LedgerTxStatus.Success, result.Status);
        Assert.Equal(1_250_000, _hedera.Token(b.Address, Usdc.Issuer!));
        var balances = await ledger.GetBalancesAsync(LedgerEnvironment.Testnet, b.Address, default);
        Assert.Contains(new LedgerBalance("USDC", Usdc.Issuer, 1_250_000), balances);

        var c = Funded(); // not associated with the token
        var refused = await ledger.SubmitPaymentAsync(Pay(a, c, 1, Usdc), default);
        Assert.Equal((LedgerTxStatus.Failed, "TOKEN_NOT_ASSOCIATED_TO_ACCOUNT"), (refused.Status, refused.FailureCode));
    }

    [Fact]
    public async Task Insufficient_IsInsufficientFunds()
    {
        var ledger = Ledger();
        var (a, b) = (Funded(Hbar), Funded());
        var ex = await Assert.ThrowsAsync<RowellException>(() => ledger.SubmitPaymentAsync(Pay(a, b, 5 * Hbar), default));
        Assert.Equal(ErrorCodes.InsufficientFunds, ex.Code);
        Assert.Equal(10 * Hbar, _hedera.Tinybars(b.Address));
    }

    [Fact]
    public async Task LostAnswer_TheResendIsTheSameTransactionId_PaidOnce()
    {
        var ledger = Ledger();
        var (a, b) = (Funded(), Funded());
        _hedera.LoseAnswers = 1; // applied, then UNAVAILABLE: gRPC's retry re-sends the same bytes
        var result = await ledger.SubmitPaymentAsync(Pay(a, b, Hbar), default);
        Assert.Equal(LedgerTxStatus.Success, result.Status);
        Assert.Equal(2, _hedera.Received.Count);
        Assert.Equal(_hedera.Received[0].ToByteArray(), _hedera.Received[1].ToByteArray());
        Assert.Equal(11 * Hbar, _hedera.Tinybars(b.Address));
    }

    // Valid start is 5 s in the past (clock skew), so a 12 s valid duration expires ~7 s after signing:
    // room for a loaded machine between signing and sending.
    private static readonly TimeSpan ShortValidity = TimeSpan.FromSeconds(12);

    private static async Task WaitPastValidWindowAsync(Transaction tx)
    {
        var body = TransactionBody.Parser.ParseFrom(SignedTransaction.Parser.ParseFrom(tx.SignedTransactionBytes).BodyBytes);
        var end = DateTimeOffset.FromUnixTimeSeconds(body.TransactionID.TransactionValidStart.Seconds + body.TransactionValidDuration.Seconds + 1);
        while (DateTimeOffset.UtcNow <= end)
        {
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task ReceiptUnknown_MirrorLagging_Expired_IsPaidOnce_NotRebuilt()
    {
        var ledger = Ledger(validity: ShortValidity);
        var (a, b) = (Funded(), Funded());
        var payment = Pay(a, b, Hbar);
        await ledger.SubmitPaymentAsync(Pay(a, Funded(), Hbar), default); // warm the channel: the next send is prompt
        _hedera.Received.Clear();
        _hedera.MirrorLag = TimeSpan.FromSeconds(9);
        _hedera.ReceiptsUnknown = true;
        var first = await ledger.SubmitPaymentAsync(payment, default);
        Assert.Equal(LedgerTxStatus.Pending, first.Status);
        Assert.Equal(11 * Hbar, _hedera.Tinybars(b.Address)); // it reached consensus; nobody told us yet
        await WaitPastValidWindowAsync(_hedera.Received[0]);

        // Re-sends now get TRANSACTION_EXPIRED and the mirror (lagging) has no such id. Not proof: its newest
        // consensus timestamp is before the window closed. A new TransactionID here would pay a second time.
        Assert.Equal(LedgerTxStatus.Pending, (await ledger.GetTransactionAsync(first.Hash, default))!.Status);
        Assert.Equal(LedgerTxStatus.Pending, (await ledger.SubmitPaymentAsync(payment, default)).Status);
        Assert.All(_hedera.Received, tx => Assert.Equal(_hedera.Received[0].ToByteArray(), tx.ToByteArray()));

        LedgerSubmission? settled = null;
        for (var i = 0; i < 100 && settled?.Status != LedgerTxStatus.Success; i++)
        {
            await Task.Delay(100);
            settled = await ledger.GetTransactionAsync(first.Hash, default);
        }
        Assert.Equal(LedgerTxStatus.Success, settled!.Status);
        Assert.Equal(first.Hash, (await ledger.SubmitPaymentAsync(payment, default)).Hash);
        Assert.Equal(11 * Hbar, _hedera.Tinybars(b.Address));
        Assert.All(_hedera.Received, tx => Assert.Equal(_hedera.Received[0].ToByteArray(), tx.ToByteArray()));
    }

    [Fact]
    public async Task NeverReachedTheNode_Expired_MirrorPastTheWindow_IsRebuiltOnce()
    {
        var ledger = Ledger(validity: ShortValidity);
        var (a, b) = (Funded(), Funded());
        var payment = Pay(a, b, Hbar);
        _hedera.Unreachable = true;
        await Assert.ThrowsAsync<RowellException>(() => ledger.SubmitPaymentAsync(payment, default));
        _hedera.Unreachable = false;
        var stored = await StoredTransaction(payment);
        await WaitPastValidWindowAsync(stored);
        // Expired, and the mirror has imported past validStart + validDuration without it: proven dead.
        Assert.Null(await ledger.GetTransactionAsync(Assert.Single(await StoredHashes(payment)), default));
        Assert.Equal(stored.ToByteArray(), _hedera.Received[0].ToByteArray());
        var result = await ledger.SubmitPaymentAsync(payment, default);
        Assert.Equal(LedgerTxStatus.Success, result.Status);
        Assert.Equal(11 * Hbar, _hedera.Tinybars(b.Address));
        Assert.Equal(3, _hedera.Received.Count); // the expired one twice (poll, resubmit), the rebuilt one once
    }

    private async Task<Transaction> StoredTransaction(LedgerPayment payment)
    {
        var store = _providers[^1].GetRequiredService<Rowell.Grains.Ledgers.Submissions.ILedgerSubmissionStore>();
        var row = await store.GetAsync(Network.Hedera, payment.PaymentId, default);
        return Transaction.Parser.ParseFrom(Convert.FromBase64String(row!.SignedTx));
    }

    private async Task<IReadOnlyList<string>> StoredHashes(LedgerPayment payment)
    {
        var store = _providers[^1].GetRequiredService<Rowell.Grains.Ledgers.Submissions.ILedgerSubmissionStore>();
        return await store.GetAsync(Network.Hedera, payment.PaymentId, default) is { } row ? [row.Hash] : [];
    }

    [Fact]
    public async Task NodeDown_Is503_AndTheRetrySendsTheStoredTransaction()
    {
        var ledger = Ledger();
        var (a, b) = (Funded(), Funded());
        var payment = Pay(a, b, Hbar);
        _hedera.Unreachable = true;
        var ex = await Assert.ThrowsAsync<RowellException>(() => ledger.SubmitPaymentAsync(payment, default));
        Assert.Equal(ErrorCodes.LedgerUnavailable, ex.Code);
        _hedera.Unreachable = false;
        var result = await ledger.SubmitPaymentAsync(payment, default);
        Assert.Equal(LedgerTxStatus.Success, result.Status);
        Assert.Single(_hedera.Received);
        Assert.Equal(11 * Hbar, _hedera.Tinybars(b.Address));
    }

    [Fact]
    public async Task FakeNode_RejectsTamperedBodies_AndForeignSigners()
    {
        var (a, b) = (Funded(), Funded());
        var body = HederaTransactions.HbarTransfer(
            HederaTransactions.Body(Id(a), DateTimeOffset.UtcNow.AddSeconds(-5), FakeHedera.NodeAccount, Hbar, TimeSpan.FromSeconds(120), null),
            Id(a), Id(b), 1_000);
        var node = HederaNode.Parse(_hedera.NodeSpec, "test");
        using var hapi = new HapiClient(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50), 3);

        var signed = SignedTransaction.Parser.ParseFrom(HederaTransactions.Sign(body, a.Seed).SignedTransactionBytes);
        var tamperedBody = TransactionBody.Parser.ParseFrom(signed.BodyBytes);
        tamperedBody.CryptoTransfer.Transfers.AccountAmounts[1].Amount = 1_000_000; // …and [0] so it still balances
        tamperedBody.CryptoTransfer.Transfers.AccountAmounts[0].Amount = -1_000_000;
        signed.BodyBytes = tamperedBody.ToByteString();
        var tampered = await hapi.CryptoTransferAsync(node, new Transaction { SignedTransactionBytes = signed.ToByteString() }, default);
        Assert.Equal(ResponseCodeEnum.InvalidSignature, tampered.NodeTransactionPrecheckCode);

        var byStranger = await hapi.CryptoTransferAsync(node, HederaTransactions.Sign(body, RandomNumberGenerator.GetBytes(32)), default);
        Assert.Equal(ResponseCodeEnum.InvalidPayerSignature, byStranger.NodeTransactionPrecheckCode);

        var good = await hapi.CryptoTransferAsync(node, HederaTransactions.Sign(body, a.Seed), default);
        Assert.Equal(ResponseCodeEnum.Ok, good.NodeTransactionPrecheckCode);
        Assert.Equal(ResponseCodeEnum.Success, (await hapi.GetReceiptAsync(node, body.TransactionID, default)).Status);
        Assert.Equal(1, _hedera.SignaturesVerified);

        static AccountID Id(Wallet w) => HederaTransactionIds.ToProto(HederaAccountId.Parse(w.Address));
    }

    [Fact]
    public async Task MainnetRefused_UnlessAllowed()
    {
        var ex = await Assert.ThrowsAsync<RowellException>(() => Ledger().GetBalancesAsync(LedgerEnvironment.Mainnet, "0.0.98", default));
        Assert.Equal(("VALIDATION_ERROR", "environment"), (ex.Code, ex.Field));
        Assert.Contains("ROWELL_ALLOW_MAINNET", ex.Message);
    }

    // Protobuf wire format (protobuf.dev/programming-guides/encoding): tag = field << 3 | wire type;
    // sint64 is zig-zag encoded. These bytes are worked out by hand from that spec, not by our code.
    [Fact]
    public void HapiEncoding_MatchesHandDerivedBytes()
    {
        // AccountAmount{accountID{accountNum=3}, amount=-100}: 0a 02 (18 03), 10 zigzag(-100)=199 → c7 01
        var amount = new AccountAmount { AccountID = new AccountID { AccountNum = 3 }, Amount = -100 };
        Assert.Equal("0a02180310c701", Convert.ToHexStringLower(amount.ToByteArray()));
        // TransactionID{validStart{seconds=1767225600, nanos=5}, accountID{accountNum=1001}}
        // 1767225600 = 0x6955B900 → varint 80 f2 d6 ca 06
        var id = new TransactionID { TransactionValidStart = new Timestamp { Seconds = 1767225600, Nanos = 5 }, AccountID = new AccountID { AccountNum = 1001 } };
        Assert.Equal("0a08" + "0880f2d6ca06" + "1005" + "1203" + "18e907", Convert.ToHexStringLower(id.ToByteArray()));
        // Key{ed25519 = 32 bytes}: 12 20 ‖ key; Transaction{signedTransactionBytes=5}: 2a len ‖ bytes
        var key = new Key { Ed25519 = ByteString.CopyFrom(new byte[32]) };
        Assert.Equal("1220" + new string('0', 64), Convert.ToHexStringLower(key.ToByteArray()));
        Assert.Equal("2a03010203", Convert.ToHexStringLower(new Transaction { SignedTransactionBytes = ByteString.CopyFrom(1, 2, 3) }.ToByteArray()));
        // TransactionBody oneof arms: cryptoCreateAccount = 11 (5a), cryptoTransfer = 14 (72)
        Assert.Equal("5a00", Convert.ToHexStringLower(new TransactionBody { CryptoCreateAccount = new CryptoCreateTransactionBody() }.ToByteArray()));
        Assert.Equal("7200", Convert.ToHexStringLower(new TransactionBody { CryptoTransfer = new CryptoTransferTransactionBody() }.ToByteArray()));
        Assert.Equal("0.0.1001@1767225600.000000005", HederaTransactionIds.Format(id));
        Assert.Equal("0.0.1001-1767225600-000000005", HederaTransactionIds.ToMirrorForm("0.0.1001@1767225600.000000005"));
    }
}
