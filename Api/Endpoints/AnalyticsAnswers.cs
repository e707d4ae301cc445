using System.Buffers;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Rowell.Abstractions.Analytics;
using Rowell.Api.Infrastructure;

namespace Rowell.Api.Endpoints;

/// <summary>
/// Analytics answers as JSON bytes, kept per question under the <see cref="AnswerVersion"/> they were built under
/// (one per API process, bounded). A request tells the answer grain which version it holds; an unchanged answer
/// costs the grain its state read and comes back as the version alone, and the kept bytes are sent. So a page is
/// serialised to JSON once per write of its scope, not once per request, and never crosses from the silo again
/// while it holds. Staleness is the grain's to decide, on every request, exactly as before.
/// </summary>
public sealed class AnalyticsAnswers
{
    public const int MaxEntries = 1024;

    // The dashboard's bytes are its report with an empty recent list; each request's recent activity goes in here.
    private static readonly byte[] RecentSlot = "\"recent\":[]"u8.ToArray();

    private sealed record Entry(AnswerVersion Version, byte[] Json, int RecentAt);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public AnswerVersion? Known(string key) => _entries.TryGetValue(key, out var e) ? e.Version : null;

    /// <summary>
    /// The JSON of <paramref name="value"/>, or, when the grain sent none, the bytes kept under that version; null
    /// when those were replaced meanwhile (by a concurrent request's newer version): ask again holding nothing.
    /// </summary>
    public byte[]? Json<T>(string key, AnswerVersion version, T? value) where T : class => Resolve(key, version, value)?.Json;

    /// <summary>The dashboard's JSON: the kept (or new) report with this request's recent activity in place (null: as <see cref="Json"/>).</summary>
    public byte[]? Dashboard(string key, DashboardAnswer answer)
    {
        if (Resolve(key, answer.Version, answer.Report) is not { } e)
        {
            return null;
        }
        var recent = JsonSerializer.SerializeToUtf8Bytes(answer.Recent, ApiJson.Options);
        var at = e.RecentAt + RecentSlot.Length - 2; // the "[]"
        var json = new byte[e.Json.Length - 2 + recent.Length];
        e.Json.AsSpan(0, at).CopyTo(json);
        recent.CopyTo(json.AsSpan(at));
        e.Json.AsSpan(at + 2).CopyTo(json.AsSpan(at + recent.Length));
        return json;
    }

    private Entry? Resolve<T>(string key, AnswerVersion version, T? value) where T : class
    {
        if (value is null)
        {
            // The grain sends no value only to a caller that named this very version, so it was kept; unless a
            // concurrent request has replaced it since, or the table was cleared.
            return _entries.TryGetValue(key, out var kept) && kept.Version == version ? kept : null;
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(value, ApiJson.Options);
        var entry = new Entry(version, json, value is DashboardReport ? json.AsSpan().IndexOf(RecentSlot) : -1);
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
        _entries[key] = entry;
        return entry;
    }
}

/// <summary>
/// 200 with the success envelope around JSON that is already serialised: the same bytes as
/// <c>EnvelopeResults.Ok(data)</c> (ApiJson.Options), and the same OpenAPI description (by the type parameter).
/// </summary>
public sealed class AnalyticsJson<T>(ReadOnlyMemory<byte> data) : IResult, IEndpointMetadataProvider
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var buffer = new ArrayBufferWriter<byte>(data.Length + 96);
        await using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ApiJson.Options.Encoder, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("success", true);
            writer.WritePropertyName("data");
            writer.WriteRawValue(data.Span, skipInputValidation: true);
            writer.WriteString("timestamp", ApiJson.Timestamp(DateTimeOffset.UtcNow));
            writer.WriteEndObject();
        }
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = buffer.WrittenCount;
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(SuccessEnvelope<T>), ["application/json"]));
}
