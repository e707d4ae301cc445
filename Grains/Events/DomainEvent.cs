using Rowell.Abstractions.Common;

namespace Rowell.Grains.Events;

/// <summary>
/// One row of the durable event log (<c>rowell_events</c>, docker/postgres/020 and 040). A producer writes
/// its events in the same transaction (Postgres) or the same critical section (embedded mode) as the state
/// change they describe, so a change and its event can never be seen apart.
/// </summary>
/// <param name="Id">The public <c>evt_</c> id; consumers deduplicate on it.</param>
/// <param name="Mode">The API key mode the event belongs to: <c>test</c> (testnet) or <c>live</c> (mainnet).</param>
/// <param name="AggregateSeq">1, 2, 3… per aggregate: the order a consumer must keep for one resource.</param>
/// <param name="PayloadJson">The resource as <c>GET</c> returns it: the event's <c>data.object</c>.</param>
public sealed record DomainEvent(string Id, string DeveloperId, string Mode, string AggregateId, int AggregateSeq, string Type, string PayloadJson, DateTimeOffset At);

/// <summary>Key modes as events record them.</summary>
public static class EventModes
{
    public const string Test = "test";
    public const string Live = "live";

    public static string Of(LedgerEnvironment environment) => environment == LedgerEnvironment.Mainnet ? Live : Test;
}
