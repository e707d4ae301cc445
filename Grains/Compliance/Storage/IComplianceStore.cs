using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Compliance;
using Rowell.Grains.Events;

namespace Rowell.Grains.Compliance.Storage;

/// <summary>
/// Durable home of verifications and flags, with their domain events: every write stores the change and its
/// events together (one Postgres transaction; one critical section in memory), so neither is seen without the other.
/// </summary>
public interface IComplianceStore
{
    Task<VerificationRecord?> GetVerificationAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// The account's newest verification, whatever its status: the name a holder claimed is screened on every transfer,
    /// including (above all) when the verification was rejected for matching the list.
    /// </summary>
    Task<VerificationRecord?> LatestIdentityAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Inserts the verification, the flag it raised (if any) and the events, all or nothing. False when the id exists.</summary>
    Task<bool> InsertVerificationAsync(VerificationRecord record, FlagState? flag, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken);

    Task<Page<VerificationView>> ListVerificationsAsync(string developerId, VerificationFilter filter, PageRequest page, CancellationToken cancellationToken);

    Task<(FlagState State, long Version)?> GetFlagAsync(string id, CancellationToken cancellationToken);

    /// <summary>Writes the flag (insert when <paramref name="expectedVersion"/> is 0) and its events; throws <see cref="FlagVersionConflictException"/> on a lost race.</summary>
    Task<long> SaveFlagAsync(FlagState state, long expectedVersion, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken);

    Task<Page<FlagView>> ListFlagsAsync(string developerId, FlagFilter filter, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Flags created in [from, to) (either bound optional), for analytics and reports.</summary>
    Task<IReadOnlyList<FlagView>> FlagsCreatedAsync(string developerId, LedgerEnvironment environment, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken);

    Task<IReadOnlyList<VerificationView>> VerificationsCreatedAsync(string developerId, LedgerEnvironment environment, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken);
}
