using Orleans.Concurrency;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;

namespace Rowell.Abstractions.Deposits;

/// <summary>
/// Money that arrived in one of our wallets from outside (a payment Rowell did not send). One per ledger
/// operation: <see cref="LedgerOperationId"/> is Horizon's operation id or the Hedera transaction id (with
/// the token for HTS), so the same payment seen twice is one deposit.
/// </summary>
[GenerateSerializer, Immutable, Alias("rowell.deposit-view")]
public sealed record DepositView(
    [property: Id(0)] string Id,
    [property: Id(1)] string DeveloperId,
    [property: Id(2)] string AccountId,
    [property: Id(3)] string WalletId,
    [property: Id(4)] Network Network,
    [property: Id(5)] LedgerEnvironment Environment,
    [property: Id(6)] string AssetCode,
    [property: Id(7)] long AmountMinor,
    [property: Id(8)] int Decimals,
    [property: Id(9)] string FromAddress,
    [property: Id(10)] string ToAddress,
    [property: Id(11)] string TransactionHash,
    [property: Id(12)] string LedgerOperationId,
    [property: Id(13)] DateTimeOffset LedgerTime,
    [property: Id(14)] DateTimeOffset CreatedAt);

/// <summary>
/// GET /deposits filters. <see cref="CreatedAtOrBefore"/> and <see cref="CreatedAfter"/> serve the merged
/// transaction list. With <see cref="NearestLowerBound"/> and no cursor, the page is the Limit matches nearest
/// the lower bound (the oldest ones), still newest first: the merged list's backward page.
/// </summary>
[GenerateSerializer, Immutable, Alias("rowell.deposit-filter")]
public sealed record DepositFilter(
    [property: Id(0)] string? AccountId = null,
    [property: Id(1)] Network? Network = null,
    [property: Id(2)] string? AssetCode = null,
    [property: Id(3)] LedgerEnvironment? Environment = null,
    [property: Id(4)] string? TransactionHash = null,
    [property: Id(5)] DateTimeOffset? CreatedAtOrBefore = null,
    [property: Id(6)] DateTimeOffset? CreatedAfter = null,
    [property: Id(7)] bool NearestLowerBound = false);

[GenerateSerializer, Immutable, Alias("rowell.sandbox-deposit")]
public sealed record SandboxDepositCommand(
    [property: Id(0)] string AccountId,
    [property: Id(1)] string AssetCode,
    [property: Id(2)] decimal Amount,
    [property: Id(3)] string? FromAddress);

/// <summary>Deposit reads and the sandbox's simulated inbound payment. Stateless: the store is the truth.</summary>
[Alias("rowell.IDepositsGrain")]
public interface IDepositsGrain : IGrainWithIntegerKey
{
    [Alias("list")]
    Task<Page<DepositView>> List(string developerId, DepositFilter filter, PageRequest page, CancellationToken cancellationToken = default);

    [Alias("get")]
    Task<DepositView?> Get(string developerId, string depositId, CancellationToken cancellationToken = default);

    /// <summary>
    /// An inbound payment from an external address into the account's wallet on the sandbox ledger, recorded
    /// through the same path as a real one (deposit row + deposit.received event together). Idempotent by
    /// <paramref name="depositId"/>.
    /// </summary>
    [Alias("sandbox-deposit")]
    Task<DepositView> SandboxDeposit(string developerId, string depositId, SandboxDepositCommand command, CancellationToken cancellationToken = default);
}
