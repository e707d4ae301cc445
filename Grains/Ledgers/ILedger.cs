using Rowell.Grains.Observability;
using Rowell.Abstractions.Common;

namespace Rowell.Grains.Ledgers;

/// <summary>
/// What Rowell needs from a ledger network. Implementations: the sandbox (deterministic, simulated
/// settlement) and the real Stellar / Hedera testnets. Amounts are integer minor units.
/// </summary>
public interface ILedger
{
    Network Network { get; }

    /// <summary>Opens (or finds) the on-ledger account for a public key; returns its address.</summary>
    Task<string> CreateAccountAsync(LedgerEnvironment environment, ReadOnlyMemory<byte> publicKey, CancellationToken cancellationToken);

    Task<IReadOnlyList<LedgerBalance>> GetBalancesAsync(LedgerEnvironment environment, string address, CancellationToken cancellationToken);

    /// <summary>
    /// Submits a payment. Idempotent by <see cref="LedgerPayment.PaymentId"/>: submitting the same id
    /// again returns the first outcome and never pays twice.
    /// </summary>
    Task<LedgerSubmission> SubmitPaymentAsync(LedgerPayment payment, CancellationToken cancellationToken);

    Task<LedgerSubmission?> GetTransactionAsync(string hash, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="address"/> is well-formed for this network.</summary>
    bool IsValidAddress(string? address);
}

public sealed record LedgerBalance(string AssetCode, string? AssetIssuer, long AmountMinor);

/// <param name="SourceSequence">
/// Stellar: the source account's current sequence number as the wallet last knew it (null: ask Horizon).
/// Ignored by Hedera.
/// </param>
public sealed record LedgerPayment(
    string PaymentId,
    LedgerEnvironment Environment,
    string FromAddress,
    string ToAddress,
    AssetInfo Asset,
    long AmountMinor,
    long FeeMinor,
    string? Memo,
    ReadOnlyMemory<byte> SignerSeed,
    long? SourceSequence = null);

public enum LedgerTxStatus { Pending, Success, Failed }

/// <param name="SourceSequence">
/// Stellar: the source account's sequence once this transaction applies, for the wallet to cache; null after
/// tx_bad_seq (the cache is stale: the next payment reloads it from Horizon) and on other networks.
/// </param>
public sealed record LedgerSubmission(
    string Hash,
    LedgerTxStatus Status,
    string? FailureCode,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? SettledAt,
    long? SourceSequence = null);

/// <summary>One ILedger per network, picked by the wallet's network.</summary>
public sealed class LedgerRegistry(IEnumerable<ILedger> ledgers, RowellMetrics metrics)
{
    // Every ledger is timed (rowell_ledger_call_duration_seconds) without the ledgers knowing.
    private readonly Dictionary<Network, ILedger> _byNetwork = ledgers.ToDictionary(l => l.Network, l => (ILedger)new Observability.MeteredLedger(l, metrics));

    public ILedger For(Network network) =>
        _byNetwork.TryGetValue(network, out var ledger)
            ? ledger
            : throw new RowellException(ErrorCodes.LedgerUnavailable, $"No ledger is configured for {network.Wire()}.");

    /// <summary>The configured ledger itself, without the metrics wrapper (for wiring tests and diagnostics).</summary>
    public ILedger Unmetered(Network network) => For(network) is Observability.MeteredLedger metered ? metered.Inner : For(network);
}

/// <summary>
/// Real ledgers whose accounts must opt in before they can hold an asset: Stellar (a trustline per credit
/// asset) and Hedera (association with each HTS token). The sandbox needs neither.
/// </summary>
public interface ILedgerAccountSetup
{
    /// <summary>
    /// Makes <paramref name="address"/> able to hold every asset Rowell moves on this network. Idempotent by
    /// <paramref name="walletId"/>: the operation is signed once, stored before it is sent, and a retry (after a
    /// crash) re-sends those bytes, so it is submitted at most once. Null when nothing had to be submitted;
    /// throws LEDGER_UNAVAILABLE while the operation is not yet final (the caller retries).
    /// </summary>
    Task<LedgerSubmission?> EnsureAssetsAsync(LedgerEnvironment environment, string walletId, string address, ReadOnlyMemory<byte> signerSeed, CancellationToken cancellationToken);
}
