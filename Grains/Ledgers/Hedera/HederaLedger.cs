using System.Text;
using Google.Protobuf;
using Rowell.Abstractions.Common;
using Rowell.Grains.Ledgers.Hedera.Hapi;
using Rowell.Grains.Ledgers.Submissions;

namespace Rowell.Grains.Ledgers.Hedera;

/// <summary>
/// The real Hedera ledger: reads from the mirror node, writes through HAPI gRPC to one consensus node.
/// Payments are idempotent by payment id: the signed Transaction (its TransactionID = payer + valid
/// start) is stored before it is sent, and a retry re-sends the same bytes — Hedera de-duplicates by
/// TransactionID (DUPLICATE_TRANSACTION), so one payment id can never pay twice. A new TransactionID is
/// made only when the stored one provably never reached consensus: the mirror node's newest consensus
/// timestamp is past validStart + validDuration and the mirror does not know the id (ProveNeverAppliesAsync).
/// The wallet's own account pays its transfer fees; only CryptoCreate needs the operator.
/// </summary>
public sealed partial class HederaLedger(
    MirrorNodeClient mirror,
    HapiClient hapi,
    ILedgerSubmissionStore store,
    LedgerSettings settings,
    TimeProvider time) : ILedger, ILedgerAccountSetup
{
    /// <summary>Most a transfer may cost (a cap, not the price): 1 ℏ, the payment's fee if larger.</summary>
    public const long DefaultMaxFeeTinybars = 100_000_000;
    public const long CreateMaxFeeTinybars = 200_000_000;
    public const int MaxMemoBytes = 100;

    public Network Network => Network.Hedera;

    public Uri MirrorFor(LedgerEnvironment environment) =>
        environment == LedgerEnvironment.Mainnet ? settings.HederaMainnetUrl : settings.HederaTestnetUrl;

    public HederaNode NodeFor(LedgerEnvironment environment)
    {
        var (spec, name) = environment == LedgerEnvironment.Mainnet
            ? (settings.HederaMainnetNode, "HEDERA_MAINNET_NODE")
            : (settings.HederaTestnetNode, "HEDERA_TESTNET_NODE");
        return spec is null
            ? throw new RowellException(ErrorCodes.LedgerUnavailable, $"No Hedera consensus node is configured: set {name} (e.g. 0.0.3@https://host:443).")
            : HederaNode.Parse(spec, name);
    }

    public async Task<IReadOnlyList<LedgerBalance>> GetBalancesAsync(LedgerEnvironment environment, string address, CancellationToken cancellationToken)
    {
        settings.EnsureAllowed(environment, Network);
        var account = await mirror.GetAccountAsync(MirrorFor(environment), address, cancellationToken);
        if (account is null)
        {
            return [];
        }
        var usdc = AssetCatalog.Find(Network, environment, "USDC")!;
        var balances = new List<LedgerBalance> { new("HBAR", null, account.Tinybars) };
        balances.AddRange(account.Tokens.Select(t => new LedgerBalance(t.TokenId == usdc.Issuer ? "USDC" : t.TokenId, t.TokenId, t.Balance)));
        return balances;
    }

    public async Task<LedgerSubmission> SubmitPaymentAsync(LedgerPayment payment, CancellationToken cancellationToken)
    {
        settings.EnsureAllowed(payment.Environment, Network);
        Validate(payment);
        var stored = await store.GetAsync(Network, payment.PaymentId, cancellationToken)
            ?? await store.PutAsync(Sign(payment), replacesHash: null, cancellationToken);
        var sent = await SendAsync(stored, cancellationToken);
        if (sent.ProvenDead is null)
        {
            return sent.Result!;
        }
        // The stored TransactionID provably expired without reaching consensus: only now a new one.
        var rebuilt = await store.PutAsync(Sign(payment), replacesHash: sent.ProvenDead.Hash, cancellationToken);
        var again = await SendAsync(rebuilt, cancellationToken);
        return again.Result ?? again.ProvenDead!.ToSubmission();
    }

    public async Task<LedgerSubmission?> GetTransactionAsync(string hash, CancellationToken cancellationToken)
    {
        var stored = await store.GetByHashAsync(Network, hash, cancellationToken);
        if (stored is { Status: not LedgerTxStatus.Pending })
        {
            return stored.ToSubmission();
        }
        var found = await mirror.GetTransactionAsync(MirrorFor(stored?.Environment ?? LedgerEnvironment.Testnet), hash, cancellationToken);
        if (found is not null)
        {
            if (stored is not null)
            {
                return Outcome(await SettleFromMirrorAsync(stored, found, cancellationToken));
            }
            var ok = found.Result == "SUCCESS";
            return new LedgerSubmission(hash, ok ? LedgerTxStatus.Success : LedgerTxStatus.Failed, ok ? null : found.Result,
                found.ConsensusAt, found.ConsensusAt);
        }
        if (stored is null)
        {
            return null;
        }
        // The mirror lags consensus: not knowing the id proves nothing. Re-send the same signed bytes (the
        // node de-duplicates by TransactionID and answers with the receipt) until it settles or provably expired;
        // only then answer "no record", which makes the caller resubmit the payment and so rebuild it.
        var sent = await SendAsync(stored, cancellationToken);
        return sent.ProvenDead is null ? sent.Result : null;
    }

    public bool IsValidAddress(string? address) => HederaAccountId.TryParse(address, out _);

    /// <summary>What one send of a stored transaction showed: a result to report, or proof that it can never apply.</summary>
    private sealed record SendOutcome(LedgerSubmission? Result, StoredSubmission? ProvenDead);

    private async Task<SendOutcome> SendAsync(StoredSubmission stored, CancellationToken cancellationToken)
    {
        if (stored.Status != LedgerTxStatus.Pending)
        {
            return new(Outcome(stored), null);
        }
        var node = NodeFor(stored.Environment);
        var tx = Transaction.Parser.ParseFrom(Convert.FromBase64String(stored.SignedTx));
        var body = TransactionBody.Parser.ParseFrom(SignedTransaction.Parser.ParseFrom(tx.SignedTransactionBytes).BodyBytes);
        var response = await hapi.SubmitAsync(node, tx, body.DataCase, cancellationToken);
        switch (response.NodeTransactionPrecheckCode)
        {
            case ResponseCodeEnum.Ok:
            case ResponseCodeEnum.DuplicateTransaction: // a re-send of what the node already has
                break;
            case ResponseCodeEnum.TransactionExpired:
                // Expired for new submissions — which says nothing about whether an earlier send reached consensus.
                var (seen, provenDead) = await ProveNeverAppliesAsync(stored, body, cancellationToken);
                if (seen is not null)
                {
                    return new(Outcome(await SettleFromMirrorAsync(stored, seen, cancellationToken)), null);
                }
                return provenDead ? new(null, stored) : new(stored.ToSubmission(), null);
            case ResponseCodeEnum.InsufficientPayerBalance:
            case ResponseCodeEnum.InsufficientAccountBalance:
            case ResponseCodeEnum.InsufficientTokenBalance:
                return new(Outcome(await SettleAsync(stored, LedgerTxStatus.Failed, Name(response.NodeTransactionPrecheckCode), null, cancellationToken)), null);
            case ResponseCodeEnum.Busy:
            case ResponseCodeEnum.PlatformTransactionNotCreated:
                throw new RowellException(ErrorCodes.LedgerUnavailable, $"The Hedera node is busy ({response.NodeTransactionPrecheckCode}); retrying the same payment re-sends the same transaction.");
            default:
                return new(Outcome(await SettleAsync(stored, LedgerTxStatus.Failed, Name(response.NodeTransactionPrecheckCode), null, cancellationToken)), null);
        }
        var receipt = await hapi.GetReceiptAsync(node, body.TransactionID, cancellationToken);
        return new(receipt.Status switch
        {
            ResponseCodeEnum.Success or ResponseCodeEnum.TokenAlreadyAssociatedToAccount => Outcome(await SettleAsync(stored, LedgerTxStatus.Success, null, null, cancellationToken)),
            // Not settled yet: the same signed transaction stays the payment's one transaction and is re-sent.
            ResponseCodeEnum.Unknown or ResponseCodeEnum.ReceiptNotFound => stored.ToSubmission(),
            _ => Outcome(await SettleAsync(stored, LedgerTxStatus.Failed, Name(receipt.Status), null, cancellationToken)),
        }, null);
    }

    /// <summary>
    /// A transaction can reach consensus only before validStart + validDuration. The mirror node's newest
    /// consensus timestamp is read BEFORE the id: the mirror imports in consensus order, so if that timestamp
    /// is past the window and the mirror still does not know the id afterwards, it never reached consensus and
    /// never will. Anything less (a node saying expired, a mirror 404) is not proof.
    /// </summary>
    private async Task<(MirrorTransaction? Seen, bool ProvenDead)> ProveNeverAppliesAsync(StoredSubmission stored, TransactionBody body, CancellationToken cancellationToken)
    {
        var mirrorUrl = MirrorFor(stored.Environment);
        var validStart = body.TransactionID.TransactionValidStart;
        var windowEnd = DateTimeOffset.FromUnixTimeSeconds(validStart.Seconds).AddTicks(validStart.Nanos / 100)
            .AddSeconds(body.TransactionValidDuration?.Seconds ?? 0);
        var latest = await mirror.GetLatestConsensusAsync(mirrorUrl, cancellationToken);
        var seen = await mirror.GetTransactionAsync(mirrorUrl, stored.Hash, cancellationToken);
        return seen is not null ? (seen, false) : (null, latest is { } l && l > windowEnd);
    }

    private async Task<StoredSubmission> SettleFromMirrorAsync(StoredSubmission stored, MirrorTransaction seen, CancellationToken cancellationToken) =>
        await SettleAsync(stored, seen.Result == "SUCCESS" ? LedgerTxStatus.Success : LedgerTxStatus.Failed,
            seen.Result == "SUCCESS" ? null : seen.Result, seen.ConsensusAt, cancellationToken);

    private static LedgerSubmission Outcome(StoredSubmission stored)
    {
        if (stored.FailureCode is "INSUFFICIENT_PAYER_BALANCE" or "INSUFFICIENT_ACCOUNT_BALANCE" or "INSUFFICIENT_TOKEN_BALANCE")
        {
            throw new RowellException(ErrorCodes.InsufficientFunds,
                $"The source wallet does not hold enough to cover the amount and the network fee (Hedera {stored.FailureCode}).");
        }
        return stored.ToSubmission();
    }

    private async Task<StoredSubmission> SettleAsync(StoredSubmission stored, LedgerTxStatus status, string? code, DateTimeOffset? at, CancellationToken cancellationToken) =>
        await store.PutAsync(stored with { Status = status, FailureCode = code, SettledAt = at ?? time.GetUtcNow() }, stored.Hash, cancellationToken);

    /// <summary>HAPI's own status names (INSUFFICIENT_ACCOUNT_BALANCE, …), as the mirror node spells them.</summary>
    public static string Name(ResponseCodeEnum code) =>
        Enum.IsDefined(code)
            ? HapiReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("ResponseCodeEnum").FindValueByNumber((int)code).Name
            : ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private StoredSubmission Sign(LedgerPayment payment)
    {
        var from = HederaTransactionIds.ToProto(HederaAccountId.Parse(payment.FromAddress));
        var to = HederaTransactionIds.ToProto(HederaAccountId.Parse(payment.ToAddress));
        var node = NodeFor(payment.Environment);
        var now = time.GetUtcNow();
        var body = HederaTransactions.Body(from, ValidStart(), HederaTransactionIds.ToProto(node.Account),
            Math.Max(payment.FeeMinor, DefaultMaxFeeTinybars), settings.TransactionValidity, payment.Memo);
        body = payment.Asset.IsNative
            ? HederaTransactions.HbarTransfer(body, from, to, payment.AmountMinor)
            : HederaTransactions.TokenTransfer(body, HederaTransactionIds.ToTokenProto(HederaAccountId.Parse(payment.Asset.Issuer!)), from, to, payment.AmountMinor);
        var tx = HederaTransactions.Sign(body, payment.SignerSeed.Span);
        return new StoredSubmission(Network, payment.PaymentId, payment.Environment, HederaTransactionIds.Format(body.TransactionID),
            Convert.ToBase64String(tx.ToByteArray()), LedgerTxStatus.Pending, null, now, null);
    }

    /// <summary>A few seconds in the past, as the SDKs do, so a node whose clock is behind ours still accepts it.</summary>
    private DateTimeOffset ValidStart() => time.GetUtcNow() - TimeSpan.FromSeconds(5);

    private (HederaAccountId Id, byte[] Seed) Operator()
    {
        if (!HederaAccountId.TryParse(settings.HederaOperatorId, out var id))
        {
            throw new RowellException(ErrorCodes.LedgerUnavailable, $"HEDERA_OPERATOR_ID '{settings.HederaOperatorId}' is not a Hedera account id (0.0.N).");
        }
        try
        {
            var raw = Convert.FromHexString(settings.HederaOperatorKey!.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? settings.HederaOperatorKey[2..]
                : settings.HederaOperatorKey);
            return (id, raw.Length == 32 ? raw : HederaKeys.PrivateKeyFromDer(raw));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new RowellException(ErrorCodes.LedgerUnavailable, "HEDERA_OPERATOR_KEY must be an ed25519 private key: DER hex (302e…) or the 32-byte seed in hex.");
        }
    }

    private static RowellException PrecheckError(ResponseCodeEnum code, string payer) => code switch
    {
        ResponseCodeEnum.InsufficientPayerBalance or ResponseCodeEnum.InsufficientAccountBalance =>
            new RowellException(ErrorCodes.LedgerUnavailable, $"{payer} cannot pay for the Hedera transaction ({Name(code)}): top it up."),
        _ => new RowellException(ErrorCodes.LedgerUnavailable, $"The Hedera node refused the transaction ({Name(code)})."),
    };

    private void Validate(LedgerPayment payment)
    {
        if (!IsValidAddress(payment.FromAddress))
        {
            throw RowellException.Validation("from", $"'{payment.FromAddress}' is not a Hedera account id.");
        }
        if (!IsValidAddress(payment.ToAddress))
        {
            throw RowellException.Validation("to", $"'{payment.ToAddress}' is not a Hedera account id (0.0.N).");
        }
        if (payment.AmountMinor <= 0)
        {
            throw RowellException.Validation("amount", "The amount must be positive.");
        }
        if (payment.Asset.Network != Network || (!payment.Asset.IsNative && !HederaAccountId.TryParse(payment.Asset.Issuer, out _)))
        {
            throw RowellException.Validation("asset", $"{payment.Asset.Code} is not a Hedera asset.");
        }
        if (payment.Memo is not null && Encoding.UTF8.GetByteCount(payment.Memo) > MaxMemoBytes)
        {
            throw RowellException.Validation("memo", $"A Hedera memo is at most {MaxMemoBytes} bytes of UTF-8.");
        }
    }
}
