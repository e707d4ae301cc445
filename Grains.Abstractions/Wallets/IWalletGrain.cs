using Rowell.Abstractions.Accounts;

namespace Rowell.Abstractions.Wallets;

/// <summary>
/// One ledger address on one network (key: wal_…). Holds the encrypted signing key and is the only
/// submitter of that address's transactions, so submissions are serialised by the grain's turn.
/// </summary>
[Alias("rowell.IWalletGrain")]
public interface IWalletGrain : IGrainWithStringKey
{
    /// <summary>Generates the keypair, opens the ledger account and stores the encrypted key. Idempotent for the same command.</summary>
    [Alias("create")]
    Task<WalletView> Create(CreateWalletCommand command, CancellationToken cancellationToken = default);

    [Alias("get")]
    Task<WalletView?> Get();

    [Alias("balances")]
    Task<IReadOnlyList<BalanceView>> GetBalances(CancellationToken cancellationToken = default);

    /// <summary>
    /// Signs and submits a payment from this wallet. Calls are serialised (one submitter per address),
    /// and a repeated payment id returns the first receipt: a payment is never made twice.
    /// Throws INSUFFICIENT_FUNDS when the ledger refuses for lack of funds; nothing moves then.
    /// </summary>
    [Alias("submit")]
    Task<LedgerReceipt> SubmitPayment(WalletPayment payment, CancellationToken cancellationToken = default);

    /// <summary>
    /// Key rotation: re-seals the signing key under the current SECRET_KEY (it may be sealed under SECRET_KEY_PREVIOUS).
    /// Idempotent; in the grain's turn, so it never races a payment's signing.
    /// </summary>
    [Alias("reseal")]
    Task<Rowell.Abstractions.Security.ResealOutcome> Reseal(CancellationToken cancellationToken = default);

    /// <summary>Sandbox reset (testnet wallets only): forgets the wallet, sealed key included. The sandbox ledger's books are kept.</summary>
    [Alias("delete-sandbox")]
    Task DeleteSandbox(CancellationToken cancellationToken = default);
}
