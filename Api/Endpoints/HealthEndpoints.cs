using Npgsql;
using Orleans.Runtime;
using Rowell.Api.Infrastructure;
using Rowell.Grains.Hosting;

namespace Rowell.Api.Endpoints;

/// <summary>
/// Liveness answers from this process alone (a database outage must not get the API restarted);
/// readiness checks what serving needs: Postgres and at least one active silo in cluster mode
/// (Redis is reported, not required).
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

    private static async Task<IResult> Ready(HttpContext http, RowellSettings settings, IClusterClient orleans)
    {
        var checks = new Dictionary<string, string>();
        var healthy = true;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        if (settings.IsCluster)
        {
            try
            {
                await using var connection = new NpgsqlConnection(settings.DatabaseConnectionString);
                await connection.OpenAsync(timeout.Token);
                await using var cmd = new NpgsqlCommand("SELECT 1", connection);
                await cmd.ExecuteScalarAsync(timeout.Token);
                checks["postgres"] = "ok";
            }
            catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
            {
                checks["postgres"] = "unreachable";
                healthy = false;
            }
        }
        try
        {
            var silos = await orleans.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(timeout.Token);
            checks["cluster"] = silos.Count > 0 ? $"ok ({silos.Count} active silo{(silos.Count == 1 ? "" : "s")})" : "no active silo";
            healthy &= silos.Count > 0;
        }
        catch (Exception e) when (e is OrleansException or OperationCanceledException or TimeoutException or SiloUnavailableException)
        {
            checks["cluster"] = "unreachable";
            healthy = false;
        }
        // Redis only holds rate-limit counters and the API fails open without it: report it, but
        // a Redis outage does not take the API out of the load balancer.
        if (http.RequestServices.GetService<RateLimiting.RedisRateLimiter>() is { } redis)
        {
            checks["redis"] = await redis.PingAsync() ? "ok" : "unreachable (rate limits fail open)";
        }
        checks["ledger"] = settings.Ledger;
        checks["mode"] = settings.IsCluster ? "cluster" : "embedded";
        var body = new { status = healthy ? "ready" : "not_ready", checks };
        return healthy
            ? Envelope.Ok(body)
            : Results.Json(new { success = false, data = body, timestamp = ApiJson.Timestamp(DateTimeOffset.UtcNow) }, ApiJson.Options, statusCode: 503);
    }
}
