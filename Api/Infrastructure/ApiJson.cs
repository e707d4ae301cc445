using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rowell.Api.Infrastructure;

/// <summary>The wire format: snake_case, UTC timestamps ending in Z, no nulls dropped (fields are stable).</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        o.DictionaryKeyPolicy = null; // metadata keys are the caller's, returned as given
        // The serializer's own escaping, also for the HTTP options (ASP.NET Core swaps in the relaxed encoder there):
        // a typed result and a stored idempotent answer, written with ApiJson.Options, must be the same bytes.
        o.Encoder = null;
        o.Converters.Add(new UtcTimestampConverter());
        return o;
    }

    public static string Timestamp(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Timestamp(value));
    }
}
