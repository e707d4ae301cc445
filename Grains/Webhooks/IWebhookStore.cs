using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Webhooks;
using Rowell.Grains.Events;

namespace Rowell.Grains.Webhooks;

/// <summary>An endpoint's durable state (rowell_webhook_endpoints); secrets stay sealed.</summary>
public sealed record WebhookEndpointRow(
    string Id, string DeveloperId, string Mode, string Url, IReadOnlyList<string> Events, string Status, string? Description,
    string? DisabledReason, byte[] SealedSecret, byte[]? PreviousSealedSecret, DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset? FailingSince, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int EventSeq)
{
    public WebhookEndpointView View() => new(Id, DeveloperId, Mode, Url, Events, Status, Description, DisabledReason, CreatedAt, UpdatedAt);
}

public sealed record PendingSummary(long Count, DateTimeOffset? NextAttemptAt, DateTimeOffset? OldestCreatedAt);

/// <summary>
/// A delivery that is due, with the exact event document to send. <see cref="ResourceId"/> is the event's
/// data.object id: deliveries of one resource are attempted one at a time, in event order.
/// </summary>
public sealed record DueDelivery(string Id, string EventId, string EventType, int AttemptCount, DateTimeOffset EventCreatedAt, string Body, string ResourceId);

/// <summary>One finished attempt to record: the attempt, and the delivery's new status and next attempt.</summary>
public sealed record AttemptRecord(string DeliveryId, DeliveryAttemptView Attempt, string Status, DateTimeOffset? NextAttemptAt);

/// <summary>Where webhook endpoints and deliveries live: Postgres in the cluster, memory when embedded.</summary>
public interface IWebhookStore
{
    Task InsertEndpointAsync(WebhookEndpointRow row, CancellationToken cancellationToken);

    Task<WebhookEndpointRow?> GetEndpointAsync(string id, CancellationToken cancellationToken);

    /// <summary>Writes the row and appends <paramref name="events"/> (e.g. webhook_endpoint.disabled) atomically.</summary>
    Task SaveEndpointAsync(WebhookEndpointRow row, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken);

    /// <summary>Removes the endpoint and its deliveries.</summary>
    Task DeleteEndpointAsync(string id, CancellationToken cancellationToken);

    Task<Page<WebhookEndpointView>> ListEndpointsAsync(string developerId, string mode, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Pending deliveries due at <paramref name="now"/>, in event order, leaving out <paramref name="exclude"/> (those already taken).</summary>
    Task<IReadOnlyList<DueDelivery>> DueAsync(string endpointId, DateTimeOffset now, int limit, IReadOnlyCollection<string> exclude, CancellationToken cancellationToken);

    /// <summary>The endpoint's pending deliveries: how many, the earliest next attempt, the oldest creation.</summary>
    Task<PendingSummary> PendingAsync(string endpointId, CancellationToken cancellationToken);

    /// <summary>For each record, appends its attempt and sets the delivery's status and next attempt: all in one statement.</summary>
    Task RecordAttemptsAsync(IReadOnlyList<AttemptRecord> records, CancellationToken cancellationToken);

    /// <summary>Appends the webhook.test event and its one delivery (to this endpoint only), atomically.</summary>
    Task<DeliveryView> AddTestDeliveryAsync(WebhookEndpointRow endpoint, DomainEvent testEvent, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Puts a delivery back to pending, due now (its past attempts stay listed).</summary>
    Task<DeliveryView?> RedeliverAsync(string endpointId, string deliveryId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Page<DeliveryView>> ListDeliveriesAsync(string developerId, string endpointId, DeliveryFilter filter, PageRequest page, CancellationToken cancellationToken);

    Task<DeliveryView?> GetDeliveryAsync(string endpointId, string deliveryId, CancellationToken cancellationToken);

    /// <summary>Pending deliveries in this store and the creation time of the oldest (metrics).</summary>
    Task<(long Count, DateTimeOffset? Oldest)> PendingStatsAsync(CancellationToken cancellationToken);

    /// <summary>Enabled endpoints with a delivery due at <paramref name="now"/> (the relay's durable safety net).</summary>
    Task<IReadOnlyList<string>> EndpointsWithDueWorkAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);
}
