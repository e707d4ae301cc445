using System.Text.Json;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Transfers;
using Rowell.Grains.Events;

namespace Rowell.Grains.Transfers;

/// <summary>
/// Embedded-mode store with the Postgres store's semantics (copies in and out, version checks). Events go to
/// the shared in-memory event log inside this store's lock: the state change and its events appear together.
/// </summary>
public sealed class InMemoryTransferStore(InMemoryEventLog log) : ITransferStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Json, long Version, TransferView View, bool NeedsDriving)> _rows = new(StringComparer.Ordinal);

    public InMemoryTransferStore() : this(new InMemoryEventLog())
    {
    }

    /// <summary>The log this store appends to.</summary>
    public InMemoryEventLog Log => log;

    /// <summary>Every event of the shared log, in commit order (analytics' embedded event source and tests).</summary>
    public IReadOnlyList<DomainEvent> Events =>
        log.All.Select(e => new DomainEvent(e.Id, e.DeveloperId, e.Mode, e.AggregateId, e.AggregateSeq, e.Type, e.PayloadJson, e.CreatedAt)).ToList();

    public Task<(TransferState State, long Version)?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<(TransferState, long)?>(_rows.TryGetValue(id, out var row)
                ? (JsonSerializer.Deserialize<TransferState>(row.Json)!, row.Version)
                : null);
        }
    }

    public Task<long> SaveAsync(TransferState state, long expectedVersion, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var current = _rows.TryGetValue(state.Id, out var row) ? row.Version : 0;
            if (current != expectedVersion)
            {
                throw new TransferVersionConflictException(state.Id);
            }
            _rows[state.Id] = (JsonSerializer.Serialize(state), expectedVersion + 1, state.ToView(), state.NeedsDriving);
            log.Append(events);
            return Task.FromResult(expectedVersion + 1);
        }
    }

    public Task<Page<TransferView>> ListAsync(string developerId, TransferFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        List<TransferView> mine;
        lock (_gate)
        {
            mine = _rows.Values.Select(r => r.View).Where(v => v.DeveloperId == developerId).ToList();
        }
        return Task.FromResult(Paging.Slice(mine.Where(v => Matches(v, filter)), page, v => (v.CreatedAt, v.Id), mine.ToDictionary(v => v.Id), filter.NearestLowerBound));
    }

    public Task<IReadOnlyList<string>> FindUnfinishedAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<string> ids = _rows.Values.Where(r => r.NeedsDriving && r.View.UpdatedAt < before)
                .OrderBy(r => r.View.UpdatedAt).Take(limit).Select(r => r.View.Id).ToList();
            return Task.FromResult(ids);
        }
    }

    private static bool Matches(TransferView v, TransferFilter f) =>
        (f.Status is null || v.Status == f.Status) &&
        (f.AssetCode is null || v.AssetCode == f.AssetCode) &&
        (f.Network is null || v.Network == f.Network) &&
        (f.FromCountry is null || v.FromCountry == f.FromCountry) &&
        (f.ToCountry is null || v.ToCountry == f.ToCountry) &&
        (f.Account is null || v.FromAccount == f.Account || v.ToAccount == f.Account) &&
        (f.TransactionHash is null || v.TransactionHash == f.TransactionHash) &&
        (!f.OnlyOnLedger || v.TransactionHash is not null) &&
        (f.Environment is null || v.Environment == f.Environment) &&
        (f.CreatedBefore is null || v.CreatedAt < f.CreatedBefore) &&
        (f.CreatedAtOrAfter is null || v.CreatedAt >= f.CreatedAtOrAfter);
}
