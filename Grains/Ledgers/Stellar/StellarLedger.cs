using System.Text;
using Rowell.Abstractions.Common;
using Rowell.Grains.Ledgers.Submissions;

namespace Rowell.Grains.Ledgers.Stellar;

/// <summary>
/// The real Stellar ledger through Horizon. Payments are idempotent by payment id: the first call
/// signs one envelope and stores it before sending; every retry re-sends those same bytes (same
/// hash), which the network applies at most once. A different envelope is made only when the stored one
/// provably can never apply: a ledger closed after its maxTime and Horizon, having ingested that ledger,
/// does not know its hash (<see cref="ProveNeverAppliesAsync"/>) — and then at most once per call.
/// </summary>
public sealed partial class StellarLedger(
    HorizonClient horizon,
    ILedgerSubmissionStore store,
    LedgerSettings settings,
    TimeProvider time) : ILedger, ILedgerAccountSetup
{
    public const string BadSequence = "tx_bad_seq";
    public const string TooLate = "tx_too_late";
    public const string Underfunded = "op_underfunded";
    public const string InsufficientBalance = "tx_insufficient_balance";

    public Network Network => Network.Stellar;

    public Uri HorizonFor(LedgerEnvironment environment) =>
        environment == LedgerEnvironment.Mainnet ? settings.StellarMainnetUrl : settings.StellarTestnetUrl;

    public static StellarNetwork NetworkFor(LedgerEnvironment environment) =>
        environment == LedgerEnvironment.Mainnet ? StellarNetwork.Public : StellarNetwork.Testnet;

    public async Task<string> CreateAccountAsync(LedgerEnvironment environment, ReadOnlyMemory<byte> publicKey, CancellationToken cancellationToken)
    {
        settings.EnsureAllowed(environment, Network);
        var address = StrKey.EncodeAccountId(publicKey.Span);
        if (environment == LedgerEnvironment.Mainnet)
        {
            // No friendbot on the public network: the address is real and becomes an on-ledger
            // account when someone sends it ≥ 1 XLM with createAccount.
            return address;
        }
        if (await horizon.GetAccountAsync(HorizonFor(environment), address, cancellationToken) is null)
        {
            // Already-exists (a retry after a crash) is fine: friendbot answers op_already_exists.
            await horizon.FundWithFriendbotAsync(settings.FriendbotUrl, address, cancellationToken);
        }
        return address;
    }

    public async Task<IReadOnlyList<LedgerBalance>> GetBalancesAsync(LedgerEnvironment environment, string address, CancellationToken cancellationToken)
    {
        settings.EnsureAllowed(environment, Network);
        var account = await horizon.GetAccountAsync(HorizonFor(environment), address, cancellationToken);
        if (account is null)
        {
            return []; // not funded yet
        }
        return account.Balances
            .Select(b => b.AssetType == "native"
                ? new LedgerBalance("XLM", null, b.Stroops)
                : new LedgerBalance(b.AssetCode!, b.AssetIssuer, b.Stroops))
            .ToList();
    }

    public async Task<LedgerSubmission> SubmitPaymentAsync(LedgerPayment payment, CancellationToken cancellationToken)
    {
        settings.EnsureAllowed(payment.Environment, Network);
        Validate(payment);
        var stored = await store.GetAsync(Network, payment.PaymentId, cancellationToken);
        if (stored is null)
        {
            var sequence = payment.SourceSequence ?? await CurrentSequenceAsync(payment, cancellationToken);
            stored = await store.PutAsync(Sign(payment, sequence), replacesHash: null, cancellationToken);
        }
        var sent = await SendAsync(stored, cancellationToken);
        if (sent.ProvenDead is null)
        {
            return sent.Result!;
        }
        // The stored envelope provably never applied and never will: only now may a second one exist.
        // Its sequence comes from Horizon, not the wallet's cache, which the failure showed to be stale.
        var sequence2 = await CurrentSequenceAsync(payment, cancellationToken);
        var rebuilt = await store.PutAsync(Sign(payment, sequence2), replacesHash: sent.ProvenDead.Hash, cancellationToken);
        var again = await SendAsync(rebuilt, cancellationToken);
        return again.Result ?? again.ProvenDead!.ToSubmission() with { SourceSequence = null };
    }

    public async Task<LedgerSubmission?> GetTransactionAsync(string hash, CancellationToken cancellationToken)
    {
        var stored = await store.GetByHashAsync(Network, hash, cancellationToken);
        if (stored is { Status: not LedgerTxStatus.Pending })
        {
            return stored.ToSubmission();
        }
        var environment = stored?.Environment ?? LedgerEnvironment.Testnet;
        var tx = await horizon.GetTransactionAsync(HorizonFor(environment), hash, cancellationToken);
        if (tx is not null)
        {
            if (stored is not null)
            {
                return (await SettleFromLedgerAsync(stored, tx, cancellationToken)).ToSubmission();
            }
            return new LedgerSubmission(tx.Hash, tx.Successful ? LedgerTxStatus.Success : LedgerTxStatus.Failed,
                tx.Successful ? null : "tx_failed", tx.CreatedAt, tx.CreatedAt);
        }
        if (stored is null)
        {
            return null;
        }
        // Horizon not knowing the hash proves nothing (it may not have ingested the ledger yet): re-send
        // the same signed bytes, which apply at most once. Only a proof that it can never apply answers
        // "no record" (null), which makes the caller resubmit the payment and so rebuild it.
        var sent = await SendAsync(stored, cancellationToken, throwOnTimeout: false);
        return sent.ProvenDead is null ? sent.Result : null;
    }

    public bool IsValidAddress(string? address) => StrKey.IsValidAccountId(address);

    /// <summary>What one send of a stored envelope showed: a result to report, or proof that it can never apply.</summary>
    private sealed record SendOutcome(LedgerSubmission? Result, StoredSubmission? ProvenDead);

    private async Task<SendOutcome> SendAsync(StoredSubmission stored, CancellationToken cancellationToken, bool throwOnTimeout = true)
    {
        switch (stored.Status)
        {
            case LedgerTxStatus.Success:
                return new(WithSequence(stored.ToSubmission(), stored), null);
            case LedgerTxStatus.Failed:
                return new(FailedOutcome(stored), null);
        }
        var horizonUrl = HorizonFor(stored.Environment);
        var result = await horizon.SubmitAsync(horizonUrl, stored.SignedTx, cancellationToken);
        switch (result.Outcome)
        {
            case HorizonSubmitOutcome.Success:
                return new(WithSequence((await SettleAsync(stored, LedgerTxStatus.Success, null, result.CreatedAt, cancellationToken)).ToSubmission(), stored), null);
            case HorizonSubmitOutcome.Timeout when throwOnTimeout:
                // Horizon kept it: it may still apply. The stored envelope is what a retry re-sends.
                throw new RowellException(ErrorCodes.LedgerUnavailable,
                    $"Horizon timed out waiting for transaction {stored.Hash}; retrying the same payment re-sends the same transaction.");
            case HorizonSubmitOutcome.Timeout:
                return new(WithSequence(stored.ToSubmission(), stored), null);
        }
        if (result.TransactionCode is BadSequence or TooLate)
        {
            // Neither code is proof: tx_bad_seq is also what a re-send of an envelope that already applied
            // gets, and Horizon may not have ingested that ledger yet. See ProveNeverAppliesAsync.
            var (onLedger, provenDead) = await ProveNeverAppliesAsync(stored, cancellationToken);
            if (onLedger is not null)
            {
                var settled = await SettleFromLedgerAsync(stored, onLedger, cancellationToken);
                return new(settled.Status == LedgerTxStatus.Success ? WithSequence(settled.ToSubmission(), settled) : FailedOutcome(settled), null);
            }
            if (provenDead)
            {
                return new(null, stored);
            }
            // Still inside its time bounds: it stays the payment's one envelope, re-sent until it applies
            // or its maxTime has provably passed. After tx_bad_seq the wallet's cached sequence is stale.
            var pending = stored.ToSubmission();
            return new(result.TransactionCode == BadSequence ? pending : WithSequence(pending, stored), null);
        }
        var code = result.TransactionCode == "tx_failed" && result.OperationCodes.Count > 0
            ? result.OperationCodes.FirstOrDefault(c => c != "op_success") ?? "tx_failed"
            : result.TransactionCode ?? "tx_failed";
        return new(FailedOutcome(await SettleAsync(stored, LedgerTxStatus.Failed, code, null, cancellationToken)), null);
    }

    /// <summary>
    /// An envelope can never apply once a ledger closed after its maxTime (stellar-core takes a transaction
    /// only into a ledger whose close time is ≤ maxTime). The latest ledger is read from Horizon BEFORE the
    /// hash: Horizon ingests in order, so if that ledger is past maxTime and Horizon still does not know the
    /// hash afterwards, the envelope is in no ledger and in none to come. Anything less is not proof.
    /// </summary>
    private async Task<(HorizonTransaction? OnLedger, bool ProvenDead)> ProveNeverAppliesAsync(StoredSubmission stored, CancellationToken cancellationToken)
    {
        var horizonUrl = HorizonFor(stored.Environment);
        var maxTime = StellarTransactionEnvelope.FromXdrBase64(stored.SignedTx).Transaction.Preconditions.TimeBounds?.MaxTime ?? 0;
        var latest = maxTime == 0 ? null : await horizon.GetLatestLedgerAsync(horizonUrl, cancellationToken);
        var onLedger = await horizon.GetTransactionAsync(horizonUrl, stored.Hash, cancellationToken);
        if (onLedger is not null)
        {
            return (onLedger, false);
        }
        return (null, latest is not null && (ulong)latest.ClosedAt.ToUnixTimeSeconds() > maxTime);
    }

    private async Task<StoredSubmission> SettleFromLedgerAsync(StoredSubmission stored, HorizonTransaction tx, CancellationToken cancellationToken) =>
        await SettleAsync(stored, tx.Successful ? LedgerTxStatus.Success : LedgerTxStatus.Failed, tx.Successful ? null : "tx_failed", tx.CreatedAt, cancellationToken);

    /// <summary>The sequence the source account has once <paramref name="stored"/> applied: what the wallet caches.</summary>
    private static LedgerSubmission WithSequence(LedgerSubmission submission, StoredSubmission stored) =>
        submission with { SourceSequence = StellarTransactionEnvelope.FromXdrBase64(stored.SignedTx).Transaction.SequenceNumber };

    private LedgerSubmission FailedOutcome(StoredSubmission stored)
    {
        if (stored.FailureCode is Underfunded or InsufficientBalance)
        {
            throw new RowellException(ErrorCodes.InsufficientFunds,
                "The source wallet does not hold enough to cover the amount and the network fee (Stellar " + stored.FailureCode + ").");
        }
        return stored.ToSubmission();
    }

    private async Task<StoredSubmission> SettleAsync(StoredSubmission stored, LedgerTxStatus status, string? code, DateTimeOffset? at, CancellationToken cancellationToken) =>
        await store.PutAsync(stored with { Status = status, FailureCode = code, SettledAt = at ?? time.GetUtcNow() }, stored.Hash, cancellationToken);

    private async Task<long> CurrentSequenceAsync(LedgerPayment payment, CancellationToken cancellationToken)
    {
        var account = await horizon.GetAccountAsync(HorizonFor(payment.Environment), payment.FromAddress, cancellationToken)
            ?? throw new RowellException(ErrorCodes.InsufficientFunds,
                $"Stellar account {payment.FromAddress} does not exist on the ledger yet: fund it with at least 1 XLM first.");
        return account.Sequence;
    }

    private StoredSubmission Sign(LedgerPayment payment, long currentSequence)
    {
        var asset = payment.Asset.IsNative ? StellarAsset.Native : StellarAsset.Credit(payment.Asset.Code, payment.Asset.Issuer!);
        return Sign(payment.PaymentId, payment.Environment, payment.FromAddress, payment.SignerSeed, currentSequence,
            new PaymentOperation(payment.ToAddress, asset, payment.AmountMinor), MemoOf(payment.Memo), payment.FeeMinor);
    }

    /// <summary>One operation from <paramref name="source"/>, signed, as the row to store before anything is sent.</summary>
    private StoredSubmission Sign(string paymentId, LedgerEnvironment environment, string source, ReadOnlyMemory<byte> seed, long currentSequence,
        StellarOperation operation, StellarMemo memo, long feeMinor)
    {
        using var signer = StellarKeyPair.FromSeed(seed.Span);
        if (signer.AccountId != source)
        {
            throw new InvalidOperationException("The signing key does not belong to the source account.");
        }
        var now = time.GetUtcNow();
        var maxTime = (ulong)(now + settings.TransactionValidity).ToUnixTimeSeconds();
        var fee = (uint)Math.Clamp(feeMinor, StellarTransaction.BaseFeePerOperation, uint.MaxValue);
        var tx = StellarTransaction.ForAccount(source, currentSequence, [operation], new StellarTimeBounds(0, maxTime), memo, fee);
        var envelope = new StellarTransactionEnvelope(tx);
        var network = NetworkFor(environment);
        envelope.Sign(signer, network);
        return new StoredSubmission(Network, paymentId, environment, envelope.HashHex(network),
            envelope.ToXdrBase64(), LedgerTxStatus.Pending, null, now, null);
    }

    private static StellarMemo MemoOf(string? memo) =>
        string.IsNullOrEmpty(memo) ? StellarMemo.None : StellarMemo.FromText(memo);

    private void Validate(LedgerPayment payment)
    {
        if (!IsValidAddress(payment.FromAddress))
        {
            throw RowellException.Validation("from", $"'{payment.FromAddress}' is not a Stellar account id.");
        }
        if (!IsValidAddress(payment.ToAddress))
        {
            throw RowellException.Validation("to", $"'{payment.ToAddress}' is not a Stellar account id (G…).");
        }
        if (payment.AmountMinor <= 0)
        {
            throw RowellException.Validation("amount", "The amount must be positive.");
        }
        if (payment.Asset.Network != Network || (!payment.Asset.IsNative && !StrKey.IsValidAccountId(payment.Asset.Issuer)))
        {
            throw RowellException.Validation("asset", $"{payment.Asset.Code} is not a Stellar asset.");
        }
        if (payment.Memo is not null && Encoding.UTF8.GetByteCount(payment.Memo) > StellarMemo.MaxTextBytes)
        {
            throw RowellException.Validation("memo", $"A Stellar memo is at most {StellarMemo.MaxTextBytes} bytes of UTF-8.");
        }
    }
}
