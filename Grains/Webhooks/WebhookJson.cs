using System.Text.Json;
using Rowell.Abstractions.Webhooks;

namespace Rowell.Grains.Webhooks;

/// <summary>The endpoint resource as GET /webhooks/{id} shows it (the data.object of its events).</summary>
public static class WebhookJson
{
    public static string Endpoint(WebhookEndpointView v) => JsonSerializer.Serialize(new
    {
        id = v.Id,
        @object = "webhook_endpoint",
        url = v.Url,
        events = v.Events,
        status = v.Status,
        description = v.Description,
        disabled_reason = v.DisabledReason,
        created_at = Events.EventJson.Timestamp(v.CreatedAt),
        updated_at = Events.EventJson.Timestamp(v.UpdatedAt),
    });
}
