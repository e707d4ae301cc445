namespace Rowell.Grains.Events;

/// <summary>What one fan-out step did: events taken, endpoints that got new deliveries, emails queued.</summary>
public sealed record FanoutResult(int Events, IReadOnlyList<string> Endpoints, int Emails);

/// <summary>
/// The durable consumer behind webhooks and email: takes the next committed events after its cursor and, in
/// the same transaction as advancing the cursor, inserts one delivery per matching enabled endpoint of the
/// event's developer and mode, and one outbox row per event that notifies by email.
/// </summary>
public interface IEventFanout
{
    Task<FanoutResult> RunAsync(int limit, CancellationToken cancellationToken);
}

/// <summary>Event types that send an email to the developer.</summary>
public static class EmailedEvents
{
    public static readonly IReadOnlyList<string> Types = ["transfer.failed", "webhook_endpoint.disabled", "api_key.created"];
}
