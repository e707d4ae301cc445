using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Deposits;
using Rowell.Grains.Events;
using Rowell.Grains.Ledgers.Sandbox;

namespace Rowell.Grains.Deposits;

/// <summary>
/// Embedded-mode deposits with the Postgres store's semantics. The row, its event and a sandbox credit
/// happen inside one lock, so no reader sees one without the others. The event also goes to the shared
/// in-memory event log inside that lock (the embedded rowell_events), so the relay hands it to webhooks,
/// analytics and email like every other event.
/// </summary>
public sealed class InMemoryDepositStore(ISandboxLedgerStore sandbox, InMemoryEventLog? log = null) : IDepositStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DepositView> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<(Network, string), string> _byOperation = new();
    private readonly List<DomainEvent> _events = new();

    /// <summary>The deposit.received events written so far, in order.</summary>
    public IReadOnlyList<DomainEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return _events.ToList();
            }
        }
    }

    public Task<(DepositView Deposit, bool Created)> RecordAsync(DepositView deposit, DomainEvent received, SandboxCredit? credit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var existingId = _byOperation.TryGetValue((deposit.Network, deposit.LedgerOperationId), out var byOperation)
                ? byOperation
                : _byId.ContainsKey(deposit.Id) ? deposit.Id : null;
            if (existingId is not null)
            {
                return Task.FromResult((_byId[existingId], false));
            }
            if (credit is not null)
            {
                // The in-memory books answer synchronously under their own lock; checked arithmetic inside.
                sandbox.CreditAsync(credit.Network, credit.Address, credit.Asset, credit.AmountMinor, cancellationToken).GetAwaiter().GetResult();
            }
            _byId[deposit.Id] = deposit;
            _byOperation[(deposit.Network, deposit.LedgerOperationId)] = deposit.Id;
            _events.Add(received);
            log?.Append([received]);
            return Task.FromResult((deposit, true));
        }
    }

    public Task<DepositView?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_byId.TryGetValue(id, out var d) ? d : null);
        }
    }

    public Task<Page<DepositView>> ListAsync(string developerId, DepositFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        List<DepositView> mine;
        lock (_gate)
        {
            mine = _byId.Values.Where(d => d.DeveloperId == developerId).ToList();
        }
        return Task.FromResult(Paging.Slice(mine.Where(d => Matches(d, filter)), page, d => (d.CreatedAt, d.Id), mine.ToDictionary(d => d.Id), filter.NearestLowerBound));
    }

    private static bool Matches(DepositView d, DepositFilter f) =>
        (f.AccountId is null || d.AccountId == f.AccountId) &&
        (f.Network is null || d.Network == f.Network) &&
        (f.AssetCode is null || d.AssetCode == f.AssetCode) &&
        (f.Environment is null || d.Environment == f.Environment) &&
        (f.TransactionHash is null || d.TransactionHash == f.TransactionHash) &&
        (f.CreatedAtOrBefore is null || d.CreatedAt <= f.CreatedAtOrBefore) &&
        (f.CreatedAfter is null || d.CreatedAt > f.CreatedAfter);
}
