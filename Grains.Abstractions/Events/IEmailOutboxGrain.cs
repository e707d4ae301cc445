using Orleans.Concurrency;

namespace Rowell.Abstractions.Events;

/// <summary>Drains the durable email outbox (one activation in the cluster, key 0).</summary>
[Alias("rowell.email-outbox")]
public interface IEmailOutboxGrain : IGrainWithIntegerKey
{
    /// <summary>Rows may be due: send them.</summary>
    [Alias("wake"), OneWay]
    Task Wake();

    /// <summary>Sends what is due now; returns how many rows reached a final status (tests, operators).</summary>
    [Alias("drain")]
    Task<int> Drain();
}
