using Rowell.Abstractions.Developers;

namespace Rowell.Api.RateLimiting;

/// <summary>
/// The outcome of one check. <see cref="Reset"/> is when the window is empty again (the quota fully restored);
/// <see cref="RetryAfter"/>, on a refusal, is when the oldest counted request leaves the window.
/// <see cref="Degraded"/>: the shared store could not be asked and the request was let through (fail-open).
/// <see cref="Granted"/>: permits the answer took (more than one when a replica leases permits for a large limit).
/// </summary>
public readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset Reset, TimeSpan RetryAfter, bool Degraded = false, int Granted = 1)
{
    public static RateLimitDecision FailOpen(int limit) => new(true, limit, limit, default, TimeSpan.Zero, Degraded: true);
}

/// <summary>
/// Per-key sliding-window limiter: at most <c>limit</c> requests in any window (60 s by default), counted
/// exactly (a log of request times, not approximate buckets). Two implementations share the policy:
/// <see cref="RedisRateLimiter"/> (every replica; one Lua round trip per request, or per lease of permits for large limits) and <see cref="InProcessRateLimiter"/>.
/// </summary>
public interface IApiRateLimiter
{
    ValueTask<RateLimitDecision> AcquireAsync(ApiKeyPrincipal principal, int limit, CancellationToken cancellationToken);
}

/// <summary>ROWELL_RATE_LIMIT=off: nothing is counted and no headers are sent (benchmarks, private deployments).</summary>
public sealed class DisabledRateLimiter : IApiRateLimiter
{
    public ValueTask<RateLimitDecision> AcquireAsync(ApiKeyPrincipal principal, int limit, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new RateLimitDecision(true, 0, 0, default, TimeSpan.Zero));
}
