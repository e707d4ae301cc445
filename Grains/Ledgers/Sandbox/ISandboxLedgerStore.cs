using Rowell.Abstractions.Common;

namespace Rowell.Grains.Ledgers.Sandbox;

/// <summary>
/// Where the sandbox ledger keeps its books: process memory in embedded mode, Postgres in cluster
/// mode. Every method is atomic on its own; <see cref="ApplyPaymentAsync"/> debits, credits and
/// records the transaction in one step, so the books always balance.
/// </summary>
public interface ISandboxLedgerStore
{
    Task<long> NextAccountNumberAsync(CancellationToken cancellationToken);

    /// <summary>Opens the account with its starting balances; a second call for the same address changes nothing.</summary>
    Task OpenAccountAsync(Network network, string address, IReadOnlyList<(string Asset, long AmountMinor)> startingBalances, CancellationToken cancellationToken);

    Task<bool> AccountExistsAsync(Network network, string address, CancellationToken cancellationToken);

    Task<IReadOnlyList<(string Asset, long AmountMinor)>> GetBalancesAsync(Network network, string address, CancellationToken cancellationToken);

    Task CreditAsync(Network network, string address, string asset, long amountMinor, CancellationToken cancellationToken);

    /// <summary>
    /// Records a payment once per <see cref="SandboxPayment.PaymentId"/>. Returns the stored record:
    /// the new one, or the first one on a repeat. Insufficient funds record a failed transaction and
    /// move nothing.
    /// </summary>
    Task<SandboxTransaction> ApplyPaymentAsync(SandboxPayment payment, CancellationToken cancellationToken);

    Task<SandboxTransaction?> GetTransactionAsync(string hash, CancellationToken cancellationToken);
}

public sealed record SandboxPayment(
    string PaymentId,
    string Hash,
    Network Network,
    string FromAddress,
    string ToAddress,
    string Asset,
    long AmountMinor,
    string FeeAsset,
    long FeeMinor,
    DateTimeOffset SubmittedAt,
    DateTimeOffset SettlesAt,
    bool FailsAtSettlement);

public sealed record SandboxTransaction(
    string Hash,
    string PaymentId,
    Network Network,
    string FromAddress,
    string ToAddress,
    string Asset,
    long AmountMinor,
    long FeeMinor,
    bool Succeeded,
    string? FailureCode,
    DateTimeOffset SubmittedAt,
    DateTimeOffset SettlesAt);
