using System.Text.Json;

namespace Rowell.Client.Models;

/// <summary>data.object is the resource as its GET returns it, at the time of the event.</summary>
public sealed record Event(string Id, string Object, string Type, DateTimeOffset CreatedAt, EventData Data);

public sealed record EventData(JsonElement Object);

public sealed record EventFilter(string? Type = null, DateTimeOffset? CreatedGte = null, DateTimeOffset? CreatedLte = null)
{
    internal QueryString Apply(QueryString q) => q.With("type", Type).With("created_gte", CreatedGte).With("created_lte", CreatedLte);
}

/// <summary><see cref="Secret"/> is present only when the endpoint is created or its secret rotated.</summary>
public sealed record WebhookEndpoint(string Id, string Object, string Url, IReadOnlyList<string> Events, string Status,
    string? Description, string? DisabledReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Secret);

public sealed record Deleted(string Id, string Object, [property: System.Text.Json.Serialization.JsonPropertyName("deleted")] bool IsDeleted);

public sealed record CreateWebhookRequest(string Url, IReadOnlyList<string> Events, string? Description = null);

public sealed record UpdateWebhookRequest(string? Url = null, IReadOnlyList<string>? Events = null, string? Description = null, string? Status = null);

public sealed record WebhookDelivery(string Id, string Object, string EndpointId, string EventId, string EventType, string Status, int AttemptCount,
    DateTimeOffset? NextAttemptAt, int? LastStatusCode, DateTimeOffset CreatedAt, IReadOnlyList<WebhookAttempt>? Attempts);

public sealed record WebhookAttempt(DateTimeOffset At, int? StatusCode, long? DurationMs, string? ResponseExcerpt, string? Error);

public sealed record DeliveryFilter(string? Status = null, string? Type = null)
{
    internal QueryString Apply(QueryString q) => q.With("status", Status).With("type", Type);
}

public sealed record Deposit(string Id, string Object, string AccountId, string WalletId, string Network, string AssetCode, string Amount,
    string? FromAddress, string? TransactionHash, DateTimeOffset? LedgerTime, DateTimeOffset CreatedAt);
