using Rowell.Api.Infrastructure;
using Rowell.Grains.Hosting;

namespace Rowell.Api.Endpoints;

/// <summary>
/// Liveness answers from this process alone (a database outage must not get the API restarted);
/// readiness checks what serving needs: Postgres and at least one active silo in cluster mode
/// (Redis is reported, not required). Readiness answers from <see cref="ReadinessProbe"/>: at most one real
/// probe per second per process.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => Envelope.Ok(new { status = "ok", service = "rowell-api" }))
            .WithTags("Operations").WithSummary("Liveness: the process is up.");
        app.MapGet("/health/ready", Ready)
            .WithTags("Operations").WithSummary("Readiness: Postgres and the silo cluster are reachable.");
        return app;
    }

    private static async Task<IResult> Ready(ReadinessProbe probe)
    {
        var result = await probe.GetAsync();
        var body = new { status = result.Healthy ? "ready" : "not_ready", checks = result.Checks, checked_at = ApiJson.Timestamp(result.CheckedAt) };
        return result.Healthy
            ? Envelope.Ok(body)
            : Results.Json(new { success = false, data = body, timestamp = ApiJson.Timestamp(DateTimeOffset.UtcNow) }, ApiJson.Options, statusCode: 503);
    }
}
