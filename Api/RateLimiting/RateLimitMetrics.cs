using System.Diagnostics.Metrics;

namespace Rowell.Api.RateLimiting;

/// <summary>
/// Meter "Rowell.Api.RateLimiting": rejections, and the warning signal that the shared limiter is down
/// and requests are being served without limits (fail-open). Prometheus names: rowell_rate_limit_rejections_total (the dashboard panel), rowell_rate_limit_fail_open_total (alert on any increase), rowell_rate_limit_redis_errors_total.
/// </summary>
public sealed class RateLimitMetrics : IDisposable
{
    public const string MeterName = "Rowell.Api.RateLimiting";

    private readonly Meter _meter;

    public RateLimitMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        Rejected = _meter.CreateCounter<long>("rowell_rate_limit_rejections", "{request}", "Requests answered 429 RATE_LIMITED.");
        FailOpen = _meter.CreateCounter<long>("rowell_rate_limit_fail_open", "{request}",
            "WARNING: requests served without a rate-limit decision because Redis was unreachable.");
        RedisErrors = _meter.CreateCounter<long>("rowell_rate_limit_redis_errors", "{error}", "Failed Redis limiter calls.");
    }

    public Counter<long> Rejected { get; }
    public Counter<long> FailOpen { get; }
    public Counter<long> RedisErrors { get; }

    public void Dispose() => _meter.Dispose();
}
