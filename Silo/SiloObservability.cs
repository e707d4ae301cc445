using System.Net;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Rowell.Grains.Hosting;
using Rowell.Grains.Observability;

namespace Rowell.Silo;

/// <summary>
/// A silo's only HTTP surface: a tiny Kestrel listener on ROWELL_METRICS_PORT serving /metrics
/// (Rowell's meter and Orleans' "Microsoft.Orleans") and /health for container health checks.
/// Logs are JSON with trace ids when ROWELL_LOG_FORMAT=json, as on the API.
/// </summary>
public static class SiloObservability
{
    public static WebApplicationBuilder AddSiloObservability(this WebApplicationBuilder builder, RowellSettings settings)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (string.Equals(builder.Configuration["ROWELL_LOG_FORMAT"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        // Only the metrics listener: never ASP.NET Core's default http://localhost:5000.
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Parse(settings.MetricsHost), settings.MetricsPort));
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("rowell-silo"))
            .WithMetrics(m => m
            .AddMeter(RowellMetrics.ExportedMeters)
            .AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapSiloObservability(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapGet("/health", () => Results.Text("ok"));
        return app;
    }
}
