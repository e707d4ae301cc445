using System.Text.Json;

namespace Rowell.Grains.Email;

/// <summary>Subject and text of each notification, from the event's resource (data.object).</summary>
public static class EmailTemplates
{
    public static (string Subject, string Body) Render(string eventType, string payloadJson)
    {
        using var doc = JsonDocument.Parse(payloadJson);
        var o = doc.RootElement;
        string S(string name) => o.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "—";
        return eventType switch
        {
            "transfer.failed" => ($"Rowell: transfer {S("id")} failed",
                $"Your transfer {S("id")} of {S("amount")} {S("asset_code")} from {S("from_account")} failed.\n\nFailure code: {S("failure_code")}\nNetwork: {S("network")} ({S("environment")})\n\nSee GET /api/v1/transfers/{S("id")} for the details."),
            "webhook_endpoint.disabled" => ($"Rowell: webhook endpoint {S("id")} was disabled",
                $"We stopped sending events to your webhook endpoint {S("id")} ({S("url")}).\n\nReason: {S("disabled_reason")}\n\nFix the receiver, then re-enable it with PATCH /api/v1/webhooks/{S("id")} {{\"status\":\"enabled\"}}; pending deliveries resume then."),
            "api_key.created" => ($"Rowell: a new {S("mode")} API key was created",
                $"A new API key \"{S("name")}\" ({S("prefix")}…, mode {S("mode")}) was created on your account.\n\nIf this was not you, revoke it at once: DELETE /api/v1/developers/me/api-keys/{S("id")}."),
            _ => ($"Rowell: {eventType}", payloadJson),
        };
    }
}
