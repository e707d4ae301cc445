namespace Rowell.Api.Observability;

/// <summary>
/// Human-readable console logs by default (`dotnet run`); one JSON object per line with scopes
/// (request id, trace id, span id) when ROWELL_LOG_FORMAT=json, for log shippers.
/// </summary>
public static class RowellLogging
{
    public static void Configure(ILoggingBuilder logging, IConfiguration config)
    {
        logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        var format = config["ROWELL_LOG_FORMAT"];
        if (!string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        logging.ClearProviders();
        logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
        });
    }
}
