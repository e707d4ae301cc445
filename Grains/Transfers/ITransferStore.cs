using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Transfers;
using Rowell.Grains.Events;

namespace Rowell.Grains.Transfers;

/// <summary>
/// Durable home of transfers: state + read model + domain events. <see cref="SaveAsync"/> is atomic
/// and version-checked; that single write is what "persisted before the API answers" means.
/// </summary>
public interface ITransferStore
{
    Task<(TransferState State, long Version)?> LoadAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the state (insert when <paramref name="expectedVersion"/> is 0) and appends the events,
    /// all or nothing. Throws <see cref="TransferVersionConflictException"/> when another writer got there first.
    /// </summary>
    Task<long> SaveAsync(TransferState state, long expectedVersion, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken);

    Task<Page<TransferView>> ListAsync(string developerId, TransferFilter filter, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Unfinished transfers not updated since <paramref name="before"/>, oldest first.</summary>
    Task<IReadOnlyList<string>> FindUnfinishedAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken);
}

public sealed class TransferVersionConflictException(string id) : Exception($"Transfer {id} was written by another activation.");
