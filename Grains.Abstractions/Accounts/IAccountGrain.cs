using Rowell.Abstractions.Common;
using Rowell.Abstractions.Wallets;

namespace Rowell.Abstractions.Accounts;

/// <summary>One customer account (key: acc_…). Owns its profile and the list of its wallets.</summary>
[Alias("rowell.IAccountGrain")]
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>Creates the account and its first wallet. Re-running the same command returns the same account.</summary>
    [Alias("create")]
    Task<AccountView> Create(CreateAccountCommand command, CancellationToken cancellationToken = default);

    /// <summary>The account if it exists and belongs to <paramref name="developerId"/>; else null (the API answers 404).</summary>
    [Alias("get")]
    Task<AccountView?> Get(string developerId);

    /// <summary>Adds wallet <paramref name="walletId"/> on <paramref name="network"/> (one per network); repeating the same id returns it.</summary>
    [Alias("add-wallet")]
    Task<WalletView> AddWallet(string developerId, string walletId, Network network, CancellationToken cancellationToken = default);

    /// <summary>Where to pay this account on <paramref name="network"/>: any developer may pay any account. Null when it has no such wallet.</summary>
    [Alias("payee")]
    Task<Payee?> GetPayee(Network network);

    /// <summary>
    /// Records the outcome of identity verification <paramref name="verificationId"/> as the account's kyc_status.
    /// Idempotent, and a verification older than the one applied last never overrides it. Null when not owned.
    /// </summary>
    [Alias("apply-kyc")]
    Task<AccountView?> ApplyKyc(string developerId, string verificationId, KycStatus status, DateTimeOffset decidedAt, CancellationToken cancellationToken = default);

    [Alias("balances")]
    Task<IReadOnlyList<BalanceView>> GetBalances(string developerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sandbox reset: a testnet account of <paramref name="developerId"/> is marked deleted (afterwards it is a 404),
    /// its wallets' keys destroyed and its list row removed. Returns the number of wallets deleted; 0 if not owned.
    /// </summary>
    [Alias("delete-sandbox")]
    Task<int> DeleteSandbox(string developerId, CancellationToken cancellationToken = default);
}
