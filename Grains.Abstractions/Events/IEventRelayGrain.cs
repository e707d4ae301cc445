namespace Rowell.Abstractions.Events;

/// <summary>
/// The relay: one activation in the cluster that reads committed events from the durable log with the safe
/// cursor, feeds the durable fan-out (webhook deliveries, email outbox) and publishes every event to the
/// Orleans stream <see cref="EventStreams.Provider"/>. A reminder re-activates it after a silo dies.
/// </summary>
[Alias("rowell.event-relay")]
public interface IEventRelayGrain : IGrainWithIntegerKey
{
    /// <summary>Makes sure the relay's reminder exists and the relay runs (idempotent; every silo calls it at start-up).</summary>
    [Alias("start")]
    Task Start();

    /// <summary>Runs the fan-out and the stream publish until both have caught up; returns how many events were relayed.</summary>
    [Alias("pump")]
    Task<int> Pump();
}

/// <summary>Reads for the API (GET /events, GET /webhooks): stateless, any silo, straight from the stores.</summary>
[Alias("rowell.event-query")]
public interface IEventQueryGrain : IGrainWithIntegerKey
{
    [Alias("list")]
    Task<Rowell.Abstractions.Accounts.Page<CommittedEvent>> List(string developerId, string mode, string? type, DateTimeOffset? createdGte, DateTimeOffset? createdLte,
        Rowell.Abstractions.Accounts.PageRequest page, CancellationToken cancellationToken = default);

    [Alias("get")]
    Task<CommittedEvent?> Get(string developerId, string mode, string id, CancellationToken cancellationToken = default);

    [Alias("webhooks")]
    Task<Rowell.Abstractions.Accounts.Page<Rowell.Abstractions.Webhooks.WebhookEndpointView>> ListWebhooks(string developerId, string mode,
        Rowell.Abstractions.Accounts.PageRequest page, CancellationToken cancellationToken = default);
}
