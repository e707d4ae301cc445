using System.Globalization;
using System.Text;
using System.Text.Json;
using Rowell.Abstractions.Events;

namespace Rowell.Grains.Events;

/// <summary>
/// The public event document, as GET /events and webhook deliveries show it:
/// {"id":"evt_…","object":"event","type":"…","created_at":"…Z","data":{"object":{…}}}. The payload is
/// spliced in verbatim, so a webhook body is exactly the bytes the log holds (and what was signed).
/// </summary>
public static class EventJson
{
    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Render(CommittedEvent e) => Render(e.Id, e.Type, e.CreatedAt, e.PayloadJson);

    public static string Render(string id, string type, DateTimeOffset createdAt, string payloadJson)
    {
        var sb = new StringBuilder(payloadJson.Length + 128);
        sb.Append("{\"id\":").Append(JsonSerializer.Serialize(id))
          .Append(",\"object\":\"event\",\"type\":").Append(JsonSerializer.Serialize(type))
          .Append(",\"created_at\":\"").Append(Timestamp(createdAt))
          .Append("\",\"data\":{\"object\":").Append(payloadJson).Append("}}");
        return sb.ToString();
    }
}
