using Microsoft.AspNetCore.Http.HttpResults;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;
using Rowell.Abstractions.Events;
using Rowell.Abstractions.Webhooks;
using Rowell.Api.Auth;
using Rowell.Api.Infrastructure;

namespace Rowell.Api.Endpoints;

/// <summary>Webhook endpoints (Standard Webhooks deliveries). Every call is scoped to the caller and its key's mode.</summary>
public static class WebhooksEndpoints
{
    public static IEndpointRouteBuilder MapWebhooksEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/webhooks").WithTags("Webhooks");
        group.MapPost("", Create).Accepts<CreateWebhookRequest>("application/json")
            .WithSummary("Register an endpoint {url, events[] or [\"*\"], description?}; the whsec_ secret is shown in this answer only.")
            .RequirePermission(Permissions.WebhooksWrite);
        group.MapGet("", List).WithSummary("Your endpoints in this key's mode, newest first.").RequirePermission(Permissions.WebhooksRead);
        group.MapGet("/{id}", Get).WithSummary("One endpoint.").RequirePermission(Permissions.WebhooksRead);
        group.MapPatch("/{id}", Update).Accepts<UpdateWebhookRequest>("application/json")
            .WithSummary("Change url, events, description or status (enabled|disabled); absent fields stay, description null or \"\" clears it.").RequirePermission(Permissions.WebhooksWrite);
        group.MapDelete("/{id}", Delete).WithSummary("Remove the endpoint and its deliveries.").RequirePermission(Permissions.WebhooksWrite);
        group.MapPost("/{id}/rotate-secret", Rotate)
            .WithSummary("A new secret, shown once; the old one keeps signing beside it for 24 h.").RequirePermission(Permissions.WebhooksWrite);
        group.MapPost("/{id}/test", Test).WithSummary("Send a webhook.test event to this endpoint only.").RequirePermission(Permissions.WebhooksWrite);
        group.MapGet("/{id}/deliveries", Deliveries)
            .WithSummary("Deliveries to this endpoint, newest first (filters: status pending|succeeded|failed, type).").RequirePermission(Permissions.WebhooksRead);
        group.MapGet("/{id}/deliveries/{deliveryId}", Delivery).WithSummary("One delivery with its attempts.").RequirePermission(Permissions.WebhooksRead);
        group.MapPost("/{id}/deliveries/{deliveryId}/redeliver", Redeliver)
            .WithSummary("Attempt the delivery again now (its earlier attempts stay listed).").RequirePermission(Permissions.WebhooksWrite);
        return app;
    }

    private static async Task<Created<SuccessEnvelope<WebhookEndpointResponse>>> Create(HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted);
        var url = body.RequiredString("url", 2048);
        var events = body.OptionalStringList("events", 50, 64) ?? throw RowellException.Validation("events", "events is required: a list of event types, or [\"*\"].");
        var description = body.OptionalString("description", 500);
        body.RejectUnknownFields();
        var id = RowellIds.New(RowellIds.Webhook);
        var created = await orleans.GetGrain<IWebhookSubscriptionGrain>(id).Create(new CreateWebhookCommand(principal.DeveloperId, EventsEndpoints.Mode(principal), url, events, description));
        return EnvelopeResults.Created(WebhookEndpointResponse.From(created.Endpoint, created.Secret));
    }

    private static async Task<Ok<SuccessEnvelope<ListResponse<WebhookEndpointResponse>>>> List(HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var page = await orleans.GetGrain<IEventQueryGrain>(0).ListWebhooks(principal.DeveloperId, EventsEndpoints.Mode(principal), ListQuery.Page(http.Request), http.RequestAborted);
        return EnvelopeResults.Ok(new ListResponse<WebhookEndpointResponse>(page.Items.Select(w => WebhookEndpointResponse.From(w)).ToList(), page.HasMore, page.NextCursor));
    }

    private static async Task<Ok<SuccessEnvelope<WebhookEndpointResponse>>> Get(string id, HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var view = await Grain(orleans, id).Get(principal.DeveloperId, EventsEndpoints.Mode(principal)) ?? throw RowellException.NotFound("Webhook endpoint");
        return EnvelopeResults.Ok(WebhookEndpointResponse.From(view));
    }

    private static async Task<Ok<SuccessEnvelope<WebhookEndpointResponse>>> Update(string id, HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted);
        // description: absent leaves it; null or "" clears it; text replaces it.
        var (hasDescription, description) = body.ClearableString("description", 500);
        var command = new UpdateWebhookCommand(body.OptionalString("url", 2048), body.OptionalStringList("events", 50, 64), description, hasDescription && description is null,
            body.OptionalString("status", 20));
        body.RejectUnknownFields();
        var view = await Grain(orleans, id).Update(principal.DeveloperId, EventsEndpoints.Mode(principal), command);
        return EnvelopeResults.Ok(WebhookEndpointResponse.From(view));
    }

    private static async Task<Ok<SuccessEnvelope<DeletedResponse>>> Delete(string id, HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        await Grain(orleans, id).Delete(principal.DeveloperId, EventsEndpoints.Mode(principal));
        return EnvelopeResults.Ok(new DeletedResponse(id, "webhook_endpoint", true));
    }

    private static async Task<Ok<SuccessEnvelope<WebhookEndpointResponse>>> Rotate(string id, HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var rotated = await Grain(orleans, id).RotateSecret(principal.DeveloperId, EventsEndpoints.Mode(principal));
        return EnvelopeResults.Ok(WebhookEndpointResponse.From(rotated.Endpoint, rotated.Secret));
    }

    private static async Task<Accepted<SuccessEnvelope<DeliveryResponse>>> Test(string id, HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var delivery = await Grain(orleans, id).SendTest(principal.DeveloperId, EventsEndpoints.Mode(principal));
        return EnvelopeResults.Accepted(DeliveryResponse.From(delivery));
    }

    private static async Task<Ok<SuccessEnvelope<ListResponse<DeliveryResponse>>>> Deliveries(string id, HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var status = ListQuery.String(http.Request, "status");
        if (status is not null && !DeliveryStatuses.All.Contains(status))
        {
            throw RowellException.Validation("status", $"status must be one of {string.Join(", ", DeliveryStatuses.All)}.");
        }
        var type = ListQuery.String(http.Request, "type");
        if (type is not null && !EventTypes.All.Contains(type))
        {
            throw RowellException.Validation("type", $"type must be one of {string.Join(", ", EventTypes.All)}.");
        }
        var page = await Grain(orleans, id).ListDeliveries(principal.DeveloperId, EventsEndpoints.Mode(principal), new DeliveryFilter(status, type), ListQuery.Page(http.Request));
        return EnvelopeResults.Ok(new ListResponse<DeliveryResponse>(page.Items.Select(d => DeliveryResponse.From(d)).ToList(), page.HasMore, page.NextCursor));
    }

    private static async Task<Ok<SuccessEnvelope<DeliveryResponse>>> Delivery(string id, string deliveryId, HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var delivery = await Grain(orleans, id).GetDelivery(principal.DeveloperId, EventsEndpoints.Mode(principal), deliveryId) ?? throw RowellException.NotFound("Delivery");
        return EnvelopeResults.Ok(DeliveryResponse.From(delivery, withAttempts: true));
    }

    private static async Task<Accepted<SuccessEnvelope<DeliveryResponse>>> Redeliver(string id, string deliveryId, HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var delivery = await Grain(orleans, id).Redeliver(principal.DeveloperId, EventsEndpoints.Mode(principal), deliveryId);
        return EnvelopeResults.Accepted(DeliveryResponse.From(delivery));
    }

    private static IWebhookSubscriptionGrain Grain(IClusterClient orleans, string id) =>
        RowellIds.IsValid(id, RowellIds.Webhook) ? orleans.GetGrain<IWebhookSubscriptionGrain>(id) : throw RowellException.NotFound("Webhook endpoint");
}

public sealed record CreateWebhookRequest(string Url, IReadOnlyList<string> Events, string? Description);

public sealed record UpdateWebhookRequest(string? Url, IReadOnlyList<string>? Events, string? Description, string? Status);

public sealed record DeletedResponse(string Id, string Object, bool Deleted);

/// <summary><see cref="Secret"/> is set only in the answers to create and rotate-secret.</summary>
public sealed record WebhookEndpointResponse(string Id, string Object, string Url, IReadOnlyList<string> Events, string Status, string? Description,
    string? DisabledReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Secret)
{
    public static WebhookEndpointResponse From(WebhookEndpointView w, string? secret = null) =>
        new(w.Id, "webhook_endpoint", w.Url, w.Events, w.Status, w.Description, w.DisabledReason, w.CreatedAt, w.UpdatedAt, secret);
}

public sealed record DeliveryAttemptResponse(DateTimeOffset At, int? StatusCode, long DurationMs, string? ResponseExcerpt, string? Error);

/// <summary><see cref="Attempts"/> is listed by GET /webhooks/{id}/deliveries/{whd_id} only.</summary>
public sealed record DeliveryResponse(string Id, string Object, string EndpointId, string EventId, string EventType, string Status, int AttemptCount,
    DateTimeOffset? NextAttemptAt, int? LastStatusCode, DateTimeOffset CreatedAt, IReadOnlyList<DeliveryAttemptResponse>? Attempts)
{
    public static DeliveryResponse From(DeliveryView d, bool withAttempts = false) =>
        new(d.Id, "webhook_delivery", d.EndpointId, d.EventId, d.EventType, d.Status, d.AttemptCount, d.Status == DeliveryStatuses.Pending ? d.NextAttemptAt : null,
            d.LastStatusCode, d.CreatedAt,
            withAttempts ? d.Attempts.Select(a => new DeliveryAttemptResponse(a.At, a.StatusCode, a.DurationMs, a.ResponseExcerpt, a.Error)).ToList() : null);
}
