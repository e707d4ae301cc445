namespace Rowell.Grains.Events;

/// <summary>
/// An event recorded inside a grain's own state, for producers whose state lives in Orleans grain storage
/// (accounts, wallets, API keys). The event is added to the state and written in the SAME storage write as the
/// change it describes, so the two commit together; it is then appended to the log under its fixed id
/// (appends are idempotent) and dropped from the state at the next write. If the process dies between the two,
/// the grain's next activation appends it again (<see cref="GrainEventOutbox.FlushAsync"/> in OnActivateAsync).
/// </summary>
[GenerateSerializer, Alias("rowell.pending-event")]
public sealed record PendingEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] string DeveloperId,
    [property: Id(2)] string Mode,
    [property: Id(3)] string AggregateId,
    [property: Id(4)] int AggregateSeq,
    [property: Id(5)] string Type,
    [property: Id(6)] string PayloadJson,
    [property: Id(7)] DateTimeOffset At)
{
    public DomainEvent ToDomainEvent() => new(Id, DeveloperId, Mode, AggregateId, AggregateSeq, Type, PayloadJson, At);
}

public static class GrainEventOutbox
{
    /// <summary>Appends the state's pending events to the log (idempotent) and forgets them in memory; the next state write persists that.</summary>
    public static async Task FlushAsync(IEventLog log, List<PendingEvent> pending, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }
        await log.AppendAsync(pending.Select(p => p.ToDomainEvent()).ToList(), cancellationToken);
        pending.Clear();
    }
}
