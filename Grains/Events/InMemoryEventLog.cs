using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Events;

namespace Rowell.Grains.Events;

/// <summary>
/// Embedded mode's event log, shared by every in-memory producer and read by the relay and the durable
/// consumers. Appends happen under one lock and get the next seq there, so append order is commit order:
/// the seq doubles as the "transaction id" of the Postgres log and no event can appear behind a cursor.
/// </summary>
public sealed class InMemoryEventLog : IEventLog
{
    private readonly Lock _gate = new();
    private readonly List<CommittedEvent> _events = new();
    private readonly Dictionary<string, CommittedEvent> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EventCursor> _cursors = new(StringComparer.Ordinal);

    /// <summary>Everything appended so far, in order (tests).</summary>
    public IReadOnlyList<CommittedEvent> All
    {
        get
        {
            lock (_gate)
            {
                return _events.ToList();
            }
        }
    }

    /// <summary>Appends inside the caller's critical section (a store holding its own lock calls this).</summary>
    public void Append(IEnumerable<DomainEvent> events)
    {
        lock (_gate)
        {
            foreach (var e in events)
            {
                if (_byId.ContainsKey(e.Id))
                {
                    continue;
                }
                var committed = new CommittedEvent(e.Id, e.DeveloperId, e.Mode, e.AggregateId, e.AggregateSeq, e.Type, e.PayloadJson, e.At, _events.Count + 1);
                _events.Add(committed);
                _byId[e.Id] = committed;
            }
        }
    }

    public Task AppendAsync(IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        Append(events);
        return Task.CompletedTask;
    }

    /// <summary>Committed events after <paramref name="after"/> (the in-memory xid is the seq).</summary>
    public EventBatch After(EventCursor after, int limit)
    {
        lock (_gate)
        {
            var start = (int)Math.Min(after.Seq, _events.Count);
            var events = _events.Skip(start).Take(limit).ToList();
            var next = events.Count == 0 ? after : new EventCursor((ulong)events[^1].Seq, events[^1].Seq);
            return new EventBatch(events, next);
        }
    }

    public EventCursor CursorOf(string consumer)
    {
        lock (_gate)
        {
            return _cursors.GetValueOrDefault(consumer, EventCursor.Start);
        }
    }

    public Task<EventBatch> ReadAsync(string consumer, int limit, CancellationToken cancellationToken) =>
        Task.FromResult(After(CursorOf(consumer), limit));

    public Task AdvanceAsync(string consumer, EventCursor cursor, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (cursor.Seq > _cursors.GetValueOrDefault(consumer, EventCursor.Start).Seq)
            {
                _cursors[consumer] = cursor;
            }
        }
        return Task.CompletedTask;
    }

    public Task<Page<CommittedEvent>> ListAsync(string developerId, string mode, EventFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        List<CommittedEvent> mine;
        lock (_gate)
        {
            mine = _events.Where(e => e.DeveloperId == developerId && e.Mode == mode).ToList();
        }
        var matching = mine.Where(e => (filter.Type is null || e.Type == filter.Type)
            && (filter.CreatedGte is null || e.CreatedAt >= filter.CreatedGte)
            && (filter.CreatedLte is null || e.CreatedAt <= filter.CreatedLte));
        return Task.FromResult(Paging.Slice(matching, page, e => (e.CreatedAt, e.Id), mine.ToDictionary(e => e.Id)));
    }

    public CommittedEvent? Find(string id)
    {
        lock (_gate)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    public Task<CommittedEvent?> GetAsync(string developerId, string mode, string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_byId.TryGetValue(id, out var e) && e.DeveloperId == developerId && e.Mode == mode ? e : null);
        }
    }
}
