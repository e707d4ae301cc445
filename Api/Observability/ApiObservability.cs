using System.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Rowell.Api.Infrastructure;
using Rowell.Grains.Observability;

namespace Rowell.Api.Observability;

/// <summary>
/// Metrics and logs for the API: OpenTelemetry meters (ours and Orleans') exported at /metrics
/// for Prometheus, one request counter + duration histogram keyed by route template, and JSON
/// logs with the request id and trace id when ROWELL_LOG_FORMAT=json.
/// /metrics is outside /api/v1, so it needs no API key; nginx refuses it from outside.
/// </summary>
public static class ApiObservability
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddRowellObservability(this WebApplicationBuilder builder)
    {
        RowellLogging.Configure(builder.Logging, builder.Configuration);
        builder.Services.AddRowellMetrics();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("rowell-api"))
            .WithMetrics(m => m
            .AddMeter(RowellMetrics.ExportedMeters)
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>Counts and times every request; put it first so it sees the final status, error envelopes included.</summary>
    public static WebApplication UseRowellRequestMetrics(this WebApplication app)
    {
        var scopes = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Rowell.Requests");
        var metrics = app.Services.GetRequiredService<RowellMetrics>();
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments(MetricsPath))
            {
                await next(http);
                return;
            }
            var started = Stopwatch.GetTimestamp();
            using var scope = scopes.BeginScope(new Dictionary<string, object> { ["RowellRequestId"] = RequestId.Of(http) });
            try
            {
                await next(http);
            }
            finally
            {
                metrics.Request(EndpointLabel(http), http.Request.Method, http.Response.StatusCode, Stopwatch.GetElapsedTime(started));
            }
        });
        return app;
    }

    public static WebApplication MapRowellMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).ExcludeFromDescription();
        return app;
    }

    /// <summary>The matched route template (never a raw path with ids); "unmatched" for 404s without a route.</summary>
    internal static string EndpointLabel(HttpContext http)
    {
        var template = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        if (template is null)
        {
            return "unmatched";
        }
        // A group's root route comes out as "/api/v1/accounts/": label it as clients call it.
        template = template.TrimEnd('/');
        return template.StartsWith('/') ? template : "/" + template;
    }
}
