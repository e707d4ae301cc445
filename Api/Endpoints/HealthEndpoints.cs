using Microsoft.AspNetCore.Http.HttpResults;
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
        app.MapGet("/health", () => EnvelopeResults.Ok(new LivenessResponse("ok", "rowell-api")))
            .WithTags("Operations").WithSummary("Liveness: the process is up.");
        app.MapGet("/health/ready", Ready)
            .WithTags("Operations").WithSummary("Readiness: Postgres and the silo cluster are reachable.");
        return app;
    }

    /// <summary>200 with the checks when ready; 503 with the same checks in a <c>success: false</c> envelope otherwise.</summary>
    private static async Task<Results<Ok<SuccessEnvelope<ReadinessResponse>>, JsonHttpResult<NotReadyEnvelope>>> Ready(ReadinessProbe probe)
    {
        var result = await probe.GetAsync();
        var body = new ReadinessResponse(result.Healthy ? "ready" : "not_ready", result.Checks, ApiJson.Timestamp(result.CheckedAt));
        return result.Healthy
            ? EnvelopeResults.Ok(body)
            : TypedResults.Json(new NotReadyEnvelope(false, body, ApiJson.Timestamp(DateTimeOffset.UtcNow)), ApiJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

public sealed record LivenessResponse(string Status, string Service);

public sealed record ReadinessResponse(string Status, IReadOnlyDictionary<string, string> Checks, string CheckedAt);

public sealed record NotReadyEnvelope(bool Success, ReadinessResponse Data, string Timestamp);
