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
