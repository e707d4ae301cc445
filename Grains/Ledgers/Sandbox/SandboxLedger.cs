using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Rowell.Abstractions.Common;
using Rowell.Grains.Ledgers.Hedera;
using Rowell.Grains.Ledgers.Stellar;

namespace Rowell.Grains.Ledgers.Sandbox;

public sealed class SandboxOptions
{
    /// <summary>How long a submitted payment stays pending before it settles (so "submitted" is observable).</summary>
    public TimeSpan SettlementDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Share of payments (0..1) that fail at settlement, chosen deterministically from the payment id.</summary>
    public double FailureRate { get; set; }

    /// <summary>Starting balance of a new sandbox wallet, in whole units of the native asset.</summary>
    public long StartingNative { get; set; } = 10_000;

    public long StartingUsdc { get; set; } = 1_000;
}

/// <summary>
/// A deterministic simulated ledger with real key material and real address formats:
/// Stellar accounts are the StrKey of the wallet's ed25519 key, Hedera accounts get the next
/// 0.0.N number. Payments are idempotent by payment id; the hash is derived from it, so a
/// repeated submission is recognisably the same transaction.
/// </summary>
public sealed class SandboxLedger(Network network, ISandboxLedgerStore store, SandboxOptions options, TimeProvider time) : ILedger
{
    /// <summary>Bound on <see cref="_submitted"/>: past it the table starts over (the store still has every row).</summary>
    private const int MaxRemembered = 100_000;

    /// <summary>
    /// Payments this ledger applied and whose settlement nobody has read yet. A sandbox transaction is
    /// final the moment it is applied (its outcome and settlement time are fixed then; nothing updates the
    /// row later), so the settlement poll that follows every submission is answered from here instead of
    /// a database read; the entry goes once the poll has seen the payment settle.
    /// </summary>
    private readonly ConcurrentDictionary<string, SandboxTransaction> _submitted = new(StringComparer.Ordinal);

    public const long FirstAccountNumber = 100_001;
    public const string Underfunded = "op_underfunded";
    public const string SimulatedFailure = "tx_failed";

    public Network Network => network;

    public async Task<string> CreateAccountAsync(LedgerEnvironment environment, ReadOnlyMemory<byte> publicKey, CancellationToken cancellationToken)
    {
        var address = network == Network.Stellar
            ? StrKey.EncodeAccountId(publicKey.Span)
            : new HederaAccountId(0, 0, await store.NextAccountNumberAsync(cancellationToken)).ToString();
        var starting = AssetCatalog.All(network, environment)
            .Select(a => (a.Code, Money.ToMinor(a.IsNative ? options.StartingNative : options.StartingUsdc, a.Decimals)))
            .ToList();
        await store.OpenAccountAsync(network, address, starting, cancellationToken);
        return address;
    }

    public async Task<IReadOnlyList<LedgerBalance>> GetBalancesAsync(LedgerEnvironment environment, string address, CancellationToken cancellationToken)
    {
        var balances = await store.GetBalancesAsync(network, address, cancellationToken);
        return balances
            .Select(b => new LedgerBalance(b.Asset, AssetCatalog.Find(network, environment, b.Asset)?.Issuer, b.AmountMinor))
            .ToList();
    }

    public async Task<LedgerSubmission> SubmitPaymentAsync(LedgerPayment payment, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hash = HashOf(payment.PaymentId);
        var native = AssetCatalog.Native(network, payment.Environment);
        var tx = await store.ApplyPaymentAsync(new SandboxPayment(
            payment.PaymentId, hash, network, payment.FromAddress, payment.ToAddress, payment.Asset.Code,
            payment.AmountMinor, native.Code, payment.FeeMinor, now, now + options.SettlementDelay,
            FailsAtSettlement(payment.PaymentId)), cancellationToken);
        if (!tx.Succeeded && tx.FailureCode == Underfunded)
        {
            throw new RowellException(ErrorCodes.InsufficientFunds, "The source wallet does not hold enough to cover the amount and the network fee.");
        }
        var submission = ToSubmission(tx);
        if (submission.Status == LedgerTxStatus.Pending)
        {
            if (_submitted.Count >= MaxRemembered)
            {
                _submitted.Clear();
            }
            _submitted[tx.Hash] = tx;
        }
        return submission;
    }

    public async Task<LedgerSubmission?> GetTransactionAsync(string hash, CancellationToken cancellationToken)
    {
        if (_submitted.TryGetValue(hash, out var remembered))
        {
            var submission = ToSubmission(remembered);
            if (submission.Status != LedgerTxStatus.Pending)
            {
                _submitted.TryRemove(hash, out _);
            }
            return submission;
        }
        var tx = await store.GetTransactionAsync(hash, cancellationToken);
        return tx is null || tx.Network != network ? null : ToSubmission(tx);
    }

    public bool IsValidAddress(string? address) => network == Network.Stellar
        ? StrKey.IsValidAccountId(address)
        : HederaAccountId.TryParse(address, out _);

    /// <summary>Whether a payment fails at settlement: a pure function of its id, so reruns agree.</summary>
    public bool FailsAtSettlement(string paymentId)
    {
        if (options.FailureRate <= 0)
        {
            return false;
        }
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes("fail:" + paymentId));
        var draw = BinaryPrimitives.ReadUInt32BigEndian(digest) / (double)uint.MaxValue;
        return draw < options.FailureRate;
    }

    private LedgerSubmission ToSubmission(SandboxTransaction tx)
    {
        var now = time.GetUtcNow();
        if (now < tx.SettlesAt)
        {
            return new LedgerSubmission(tx.Hash, LedgerTxStatus.Pending, null, tx.SubmittedAt, null);
        }
        if (!tx.Succeeded)
        {
            return new LedgerSubmission(tx.Hash, LedgerTxStatus.Failed, tx.FailureCode, tx.SubmittedAt, tx.SettlesAt);
        }
        return new LedgerSubmission(tx.Hash, LedgerTxStatus.Success, null, tx.SubmittedAt, tx.SettlesAt);
    }

    private string HashOf(string paymentId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"rowell-sandbox:{network.Wire()}:{paymentId}")));
}
