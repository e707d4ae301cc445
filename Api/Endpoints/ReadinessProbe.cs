using Npgsql;
using Orleans.Runtime;
using Rowell.Grains.Hosting;

namespace Rowell.Api.Endpoints;

/// <summary>
/// The readiness checks behind /health/ready, run at most once per <see cref="MinInterval"/> per process
/// however often load balancers and monitors ask: every answer in between is the last result (with the time
/// it was taken), and concurrent askers share the one probe in flight. A flood of /health/ready can
/// therefore never become a flood of Postgres connections and management-grain calls.
/// </summary>
public sealed class ReadinessProbe(RowellSettings settings, IClusterClient orleans, IServiceProvider services)
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    public sealed record Result(bool Healthy, IReadOnlyDictionary<string, string> Checks, DateTimeOffset CheckedAt);

    private readonly SemaphoreSlim _one = new(1, 1);
    private Result? _last;
    private long _probes;

    /// <summary>Probes actually run (not answers served), for tests and operators.</summary>
    public long Probes => Interlocked.Read(ref _probes);

    public async Task<Result> GetAsync()
    {
        if (_last is { } fresh && DateTimeOffset.UtcNow - fresh.CheckedAt < MinInterval)
        {
            return fresh;
        }
        await _one.WaitAsync();
        try
        {
            if (_last is { } recent && DateTimeOffset.UtcNow - recent.CheckedAt < MinInterval)
            {
                return recent;
            }
            Interlocked.Increment(ref _probes);
            // Not tied to any one caller's request: the result is shared with everybody who asks next.
            return _last = await ProbeAsync();
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<Result> ProbeAsync()
    {
        var checks = new Dictionary<string, string>();
        var healthy = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
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
        if (services.GetService<RateLimiting.RedisRateLimiter>() is { } redis)
        {
            checks["redis"] = await redis.PingAsync() ? "ok" : "unreachable (rate limits fail open)";
        }
        checks["ledger"] = settings.Ledger;
        checks["mode"] = settings.IsCluster ? "cluster" : "embedded";
        return new Result(healthy, checks, DateTimeOffset.UtcNow);
    }
}
