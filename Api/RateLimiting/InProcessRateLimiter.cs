using System.Threading.RateLimiting;
using Rowell.Abstractions.Developers;

namespace Rowell.Api.RateLimiting;

/// <summary>
/// Embedded mode (no REDIS_URL): the same sliding-log policy as the Redis script, in this process, on
/// System.Threading.RateLimiting: a <see cref="PartitionedRateLimiter{TResource}"/> with one
/// <see cref="SlidingLogRateLimiter"/> per key (the library drops idle partitions). The built-in
/// SlidingWindowRateLimiter is not used because it cannot say when the next permit frees (Retry-After)
/// or when the window empties (X-RateLimit-Reset), and its segments make it differ from the Redis policy.
/// </summary>
public sealed class InProcessRateLimiter(RateLimitSettings settings, TimeProvider time) : IApiRateLimiter, IDisposable
{
    private readonly PartitionedRateLimiter<(string KeyId, int Limit)> _limiter = PartitionedRateLimiter.Create<(string KeyId, int Limit), (string, int)>(
        subject => RateLimitPartition.Get(subject, s => new SlidingLogRateLimiter(s.Limit, settings.Window, time)));

    public ValueTask<RateLimitDecision> AcquireAsync(ApiKeyPrincipal principal, int limit, CancellationToken cancellationToken)
    {
        // A tier change makes a new partition (the limit is part of its identity); the old one idles out.
        using var lease = _limiter.AttemptAcquire((principal.KeyId, limit));
        lease.TryGetMetadata(SlidingLogRateLimiter.Remaining, out var remaining);
        lease.TryGetMetadata(SlidingLogRateLimiter.Reset, out var reset);
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
        return ValueTask.FromResult(new RateLimitDecision(lease.IsAcquired, limit, remaining, reset, retryAfter));
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>At most <c>limit</c> acquisitions in any <c>window</c>: a queue of acquisition times, trimmed as it slides.</summary>
public sealed class SlidingLogRateLimiter(int limit, TimeSpan window, TimeProvider time) : RateLimiter
{
    public static readonly MetadataName<int> Remaining = new("RATE_LIMIT_REMAINING");
    public static readonly MetadataName<DateTimeOffset> Reset = new("RATE_LIMIT_RESET");

    private readonly Queue<DateTimeOffset> _log = new();
    private readonly Lock _gate = new();
    private long _successful;
    private long _failed;
    private DateTimeOffset _last = time.GetUtcNow() - window;

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                var now = time.GetUtcNow();
                Trim(now);
                // Idle only once nothing is left to remember: dropping the partition then loses no count.
                if (_log.Count > 0)
                {
                    return null;
                }
                var idle = now - (_last + window);
                return idle > TimeSpan.Zero ? idle : TimeSpan.Zero;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Trim(time.GetUtcNow());
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = limit - _log.Count,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            Trim(now);
            if (_log.Count + permitCount <= limit)
            {
                for (var i = 0; i < permitCount; i++)
                {
                    _log.Enqueue(now);
                }
                _last = now;
                _successful++;
                return new Lease(true, limit - _log.Count, now + window, TimeSpan.Zero);
            }
            _failed++;
            var oldest = _log.Count > 0 ? _log.Peek() : now;
            var newest = _log.Count > 0 ? _log.Last() : now;
            return new Lease(false, Math.Max(0, limit - _log.Count), newest + window, oldest + window - now);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    /// <summary>A request is counted while less than one window old, as in the Lua script.</summary>
    private void Trim(DateTimeOffset now)
    {
        while (_log.Count > 0 && _log.Peek() <= now - window)
        {
            _log.Dequeue();
        }
    }

    private sealed class Lease(bool acquired, int remaining, DateTimeOffset reset, TimeSpan retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames =>
            acquired ? [Remaining.Name, Reset.Name] : [Remaining.Name, Reset.Name, MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName switch
            {
                _ when metadataName == Remaining.Name => remaining,
                _ when metadataName == Reset.Name => reset,
                _ when metadataName == MetadataName.RetryAfter.Name && !acquired => retryAfter,
                _ => null,
            };
            return metadata is not null;
        }
    }
}
