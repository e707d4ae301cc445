using System.Security.Cryptography;
using System.Text;

namespace Rowell.Grains.Webhooks;

/// <summary>Delivery ids: a pure function of (endpoint, event), the same as SQL's rowell_derive_id (042), so a repeated fan-out names the same delivery.</summary>
public static class WebhookIds
{
    public const string DeliveryPrefix = "whd";

    public static string Delivery(string endpointId, string eventId)
    {
        var seed = $"{endpointId}/{eventId}";
        var text = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(seed))) + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("1" + seed)));
        var body = new string(text.Where(c => c is not ('+' or '/' or '=')).Take(20).ToArray());
        return $"{DeliveryPrefix}_{body}";
    }
}
