using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Deposits;
using Rowell.Grains.Events;

namespace Rowell.Grains.Deposits;

/// <summary>For a sandbox deposit: the sandbox ledger balance the inbound payment credits, in the same write.</summary>
public sealed record SandboxCredit(Network Network, string Address, string Asset, long AmountMinor);

/// <summary>
/// Durable home of deposits. <see cref="RecordAsync"/> writes the deposit row and its deposit.received event
/// together (one Postgres statement / one critical section), once per (network, ledger operation id).
/// </summary>
public interface IDepositStore
{
    /// <summary>
    /// Records the deposit and its event unless one exists for the same ledger operation (or id); then returns
    /// the stored one with Created = false and writes nothing. A sandbox credit is applied only with a new row.
    /// </summary>
    Task<(DepositView Deposit, bool Created)> RecordAsync(DepositView deposit, DomainEvent received, SandboxCredit? credit, CancellationToken cancellationToken);

    Task<DepositView?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Newest first; a cursor is one of the developer's deposit ids.</summary>
    Task<Page<DepositView>> ListAsync(string developerId, DepositFilter filter, PageRequest page, CancellationToken cancellationToken);
}
