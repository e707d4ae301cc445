using System.Text.Json;
using System.Text.Json.Nodes;
using Rowell.Abstractions.Webhooks;

namespace Rowell.Grains.Webhooks;

/// <summary>How a delivery row and its attempts are stored as JSON (Postgres jsonb, and the in-memory store's copies).</summary>
internal static class DeliveryJson
{
    public static string Attempt(DeliveryAttemptView a) => new JsonObject
    {
        ["at"] = a.At.UtcDateTime,
        ["status_code"] = a.StatusCode,
        ["duration_ms"] = a.DurationMs,
        ["response_excerpt"] = a.ResponseExcerpt,
        ["error"] = a.Error,
    }.ToJsonString();

    public static DeliveryView Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        var attempts = r.GetProperty("attempts").EnumerateArray().Select(a => new DeliveryAttemptView(
            a.GetProperty("at").GetDateTimeOffset(),
            a.GetProperty("status_code").ValueKind == JsonValueKind.Number ? a.GetProperty("status_code").GetInt32() : null,
            a.GetProperty("duration_ms").GetInt64(),
            OptionalString(a, "response_excerpt"),
            OptionalString(a, "error"))).ToList();
        return new DeliveryView(r.GetProperty("id").GetString()!, r.GetProperty("endpoint_id").GetString()!, r.GetProperty("event_id").GetString()!,
            r.GetProperty("event_type").GetString()!, r.GetProperty("status").GetString()!, r.GetProperty("attempt_count").GetInt32(),
            r.GetProperty("next_attempt_at").ValueKind == JsonValueKind.Null ? null : r.GetProperty("next_attempt_at").GetDateTimeOffset(),
            r.GetProperty("last_status_code").ValueKind == JsonValueKind.Number ? r.GetProperty("last_status_code").GetInt32() : null,
            r.GetProperty("created_at").GetDateTimeOffset(), attempts);
    }

    public static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
