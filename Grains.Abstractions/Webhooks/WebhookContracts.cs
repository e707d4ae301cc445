namespace Rowell.Abstractions.Webhooks;

public static class WebhookStatuses
{
    public const string Enabled = "enabled";
    public const string Disabled = "disabled";
}

public static class DeliveryStatuses
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Pending, Succeeded, Failed];
}

/// <summary>A webhook endpoint as the API shows it (never the secret, except <see cref="CreatedWebhook"/> once).</summary>
[GenerateSerializer, Immutable, Alias("rowell.webhook-endpoint-view")]
public sealed record WebhookEndpointView(
    [property: Id(0)] string Id,
    [property: Id(1)] string DeveloperId,
    [property: Id(2)] string Mode,
    [property: Id(3)] string Url,
    [property: Id(4)] IReadOnlyList<string> Events,
    [property: Id(5)] string Status,
    [property: Id(6)] string? Description,
    [property: Id(7)] string? DisabledReason,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt);

/// <summary>The answer to create and rotate-secret: the endpoint and its secret, shown this once.</summary>
[GenerateSerializer, Immutable, Alias("rowell.created-webhook")]
public sealed record CreatedWebhook([property: Id(0)] WebhookEndpointView Endpoint, [property: Id(1)] string Secret);

[GenerateSerializer, Immutable, Alias("rowell.create-webhook-command")]
public sealed record CreateWebhookCommand(
    [property: Id(0)] string DeveloperId,
    [property: Id(1)] string Mode,
    [property: Id(2)] string Url,
    [property: Id(3)] IReadOnlyList<string> Events,
    [property: Id(4)] string? Description);

/// <summary>PATCH: null means "leave as it is"; <see cref="ClearDescription"/> distinguishes "description": null.</summary>
[GenerateSerializer, Immutable, Alias("rowell.update-webhook-command")]
public sealed record UpdateWebhookCommand(
    [property: Id(0)] string? Url,
    [property: Id(1)] IReadOnlyList<string>? Events,
    [property: Id(2)] string? Description,
    [property: Id(3)] bool ClearDescription,
    [property: Id(4)] string? Status);

[GenerateSerializer, Immutable, Alias("rowell.delivery-attempt-view")]
public sealed record DeliveryAttemptView(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] int? StatusCode,
    [property: Id(2)] long DurationMs,
    [property: Id(3)] string? ResponseExcerpt,
    [property: Id(4)] string? Error);

[GenerateSerializer, Immutable, Alias("rowell.delivery-view")]
public sealed record DeliveryView(
    [property: Id(0)] string Id,
    [property: Id(1)] string EndpointId,
    [property: Id(2)] string EventId,
    [property: Id(3)] string EventType,
    [property: Id(4)] string Status,
    [property: Id(5)] int AttemptCount,
    [property: Id(6)] DateTimeOffset? NextAttemptAt,
    [property: Id(7)] int? LastStatusCode,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] IReadOnlyList<DeliveryAttemptView> Attempts);

[GenerateSerializer, Immutable, Alias("rowell.delivery-filter")]
public sealed record DeliveryFilter([property: Id(0)] string? Status, [property: Id(1)] string? EventType);

public static class WebhookEventTypes
{
    public const string Test = "webhook.test";
    public const string EndpointDisabled = "webhook_endpoint.disabled";
}
