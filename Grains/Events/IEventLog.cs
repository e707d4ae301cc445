using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Events;

namespace Rowell.Grains.Events;

/// <summary>
/// A consumer's position in the log: the (writing transaction id, seq) of the last event it has taken.
/// Events are read in (xid, seq) order and only below the oldest transaction still running, so nothing
/// can later commit behind a cursor (see docker/postgres/040-rowell-events.sql).
/// </summary>
[GenerateSerializer, Immutable, Alias("rowell.event-cursor")]
public readonly record struct EventCursor([property: Id(0)] ulong Xid, [property: Id(1)] long Seq)
{
    public static EventCursor Start => new(0, 0);
}

/// <summary>Committed events after a cursor, and the cursor to store once they are handled.</summary>
public sealed record EventBatch(IReadOnlyList<CommittedEvent> Events, EventCursor Next);

/// <summary>GET /events filters.</summary>
public sealed record EventFilter(string? Type, DateTimeOffset? CreatedGte, DateTimeOffset? CreatedLte);

/// <summary>
/// The durable event log: producers append in their own transactions (transfer store, compliance, ledgers);
/// this interface appends for producers whose state is not a row of ours, reads committed events for the
/// relay and the durable consumers, and answers GET /events.
/// </summary>
public interface IEventLog
{
    /// <summary>Appends events; an id already in the log is left as it is (producers retry with the same ids).</summary>
    Task AppendAsync(IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> committed events after <paramref name="consumer"/>'s stored cursor.</summary>
    Task<EventBatch> ReadAsync(string consumer, int limit, CancellationToken cancellationToken);

    /// <summary>Stores the consumer's cursor (never moves it backwards).</summary>
    Task AdvanceAsync(string consumer, EventCursor cursor, CancellationToken cancellationToken);

    Task<Page<CommittedEvent>> ListAsync(string developerId, string mode, EventFilter filter, PageRequest page, CancellationToken cancellationToken);

    Task<CommittedEvent?> GetAsync(string developerId, string mode, string id, CancellationToken cancellationToken);
}

/// <summary>Names of the log's durable consumers (rows of rowell_event_cursors).</summary>
public static class EventConsumers
{
    /// <summary>The relay that publishes to the Orleans stream (the fast path for analytics and others).</summary>
    public const string Stream = "stream";

    /// <summary>The durable fan-out into webhook deliveries and the email outbox.</summary>
    public const string Fanout = "fanout";
}
