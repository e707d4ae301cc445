namespace Rowell.Abstractions.Events;

/// <summary>
/// A domain event that has committed to the event log, as stream consumers (webhooks, analytics, email)
/// receive it. Streams are the fast path; every consumer also catches up from the log, so it must treat
/// <see cref="Id"/> as its idempotency key and expect an event more than once.
/// </summary>
[GenerateSerializer, Immutable, Alias("rowell.committed-event")]
public sealed record CommittedEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] string DeveloperId,
    [property: Id(2)] string Mode,
    [property: Id(3)] string AggregateId,
    [property: Id(4)] int AggregateSeq,
    [property: Id(5)] string Type,
    [property: Id(6)] string PayloadJson,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] long Seq);

/// <summary>Where committed events are published: one stream per developer in <see cref="Namespace"/>.</summary>
public static class EventStreams
{
    /// <summary>The Orleans stream provider's name.</summary>
    public const string Provider = "rowell-events";

    /// <summary>The stream namespace; the stream key is the developer id.</summary>
    public const string Namespace = "rowell.events";
}
