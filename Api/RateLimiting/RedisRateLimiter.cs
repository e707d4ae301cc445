using Rowell.Abstractions.Developers;
using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Rowell.Api.RateLimiting;

/// <summary>
/// The limiter shared by every API replica: an exact sliding log per key in Redis, run by <see cref="Script"/>
/// and timed by Redis' own clock (replicas' clocks may disagree). Each log entry carries a weight: how many
/// permits one call took. Small limits (free, pro) take one permit per request, so the count is exact per
/// request. Large limits take a short-lived <em>lease</em> of several permits (see <see cref="LeaseSize"/>)
/// and hand them out from memory, so a hot key costs one Redis round trip per lease instead of one per
/// request; a lease not used up within <see cref="RateLimitSettings.LeaseLifetime"/> (1 s) is dropped, and its unused permits stay
/// counted — the limiter errs toward refusing, never toward letting more than the limit through.
/// Redis trouble never fails a request: the call fails fast (no command backlog), the request is let
/// through with the <c>rowell_rate_limit_fail_open_total</c> warning metric, Redis is left alone for a short
/// back-off, and StackExchange.Redis keeps reconnecting in the background.
/// </summary>
public sealed class RedisRateLimiter : IApiRateLimiter, IAsyncDisposable
{
    /// <summary>
    /// KEYS[1] the key's log (members "time-seq-weight", scored by time), KEYS[2] the permits it holds;
    /// ARGV[1] limit; ARGV[2] window in microseconds; ARGV[3] permits wanted. Grants up to the wanted
    /// permits that still fit. Returns {granted, count, now, oldest, newest} (times in µs).
    /// </summary>
    public const string Script = """
        local log, total = KEYS[1], KEYS[2]
        local limit = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local want = tonumber(ARGV[3])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local expired = redis.call('ZRANGEBYSCORE', log, '-inf', now - window)
        local count = tonumber(redis.call('GET', total) or '0')
        if #expired > 0 then
          for _, member in ipairs(expired) do
            count = count - tonumber(string.match(member, '(%d+)$'))
          end
          redis.call('ZREMRANGEBYSCORE', log, '-inf', now - window)
        end
        if count < 0 or redis.call('EXISTS', log) == 0 then
          count = 0
        end
        local granted = math.min(want, limit - count)
        if granted > 0 then
          redis.call('ZADD', log, now, now .. '-' .. count .. '-' .. granted)
          count = count + granted
        else
          granted = 0
        end
        local ttl = math.ceil(window / 1000)
        redis.call('SET', total, count, 'PX', ttl)
        redis.call('PEXPIRE', log, ttl)
        local oldest = now
        local newest = now
        if count > 0 then
          oldest = tonumber(redis.call('ZRANGE', log, 0, 0, 'WITHSCORES')[2])
          newest = tonumber(redis.call('ZRANGE', log, -1, -1, 'WITHSCORES')[2])
        end
        return {granted, count, now, oldest, newest}
        """;

    /// <summary>"v2": weighted entries; logs of the unweighted v1 script are left to expire.</summary>
    public const string KeyPrefix = "rowell:ratelimit:v2:";

    /// <summary>Limits below this (per window) are counted request by request.</summary>
    public const int LeaseFromLimit = 2_000;

    /// <summary>The most permits one lease takes.</summary>
    public const int MaxLease = 100;


    /// <summary>
    /// Permits one Redis call takes for a limit: 1 below <see cref="LeaseFromLimit"/>, else a thousandth of the
    /// limit up to <see cref="MaxLease"/> — so what a replica can hold unused is at most 0.1 % of the limit.
    /// </summary>
    public static int LeaseSize(int limit) => limit < LeaseFromLimit ? 1 : Math.Clamp(limit / 1000, 1, MaxLease);

    private static readonly TimeSpan BackOff = TimeSpan.FromSeconds(1);

    private readonly RateLimitMetrics _metrics;
    private readonly ILogger<RedisRateLimiter> _log;
    private readonly ConfigurationOptions _options;
    private readonly RedisValue _windowMicros;
    private readonly bool _leasing;
    private readonly long _leaseLifetimeMs;
    private readonly ConcurrentDictionary<(string KeyId, int Limit), PermitLease> _leases = new();
    private volatile ConnectionMultiplexer? _redis;
    private long _skipUntil;
    private long _nextPrune;
    private long _lastWarning;

    public RedisRateLimiter(RateLimitSettings settings, RateLimitMetrics metrics, ILogger<RedisRateLimiter> log)
    {
        _metrics = metrics;
        _log = log;
        _windowMicros = (long)settings.Window.TotalMicroseconds;
        _leasing = settings.Leasing;
        _leaseLifetimeMs = (long)settings.LeaseLifetime.TotalMilliseconds;
        _options = ConfigurationOptions.Parse(settings.RedisConfiguration!);
        // Start even if Redis is down, and keep trying; never queue commands while disconnected (fail fast, fail open).
        _options.AbortOnConnectFail = false;
        _options.BacklogPolicy = BacklogPolicy.FailFast;
        _options.ConnectTimeout = Math.Min(_options.ConnectTimeout, 2000);
        _options.AsyncTimeout = Math.Min(_options.AsyncTimeout, 500);
        _options.SyncTimeout = Math.Min(_options.SyncTimeout, 500);
        _options.ReconnectRetryPolicy = new LinearRetry(500);
        _options.ClientName ??= "rowell-api";
    }

    /// <summary>Called once at start-up (bounded by the connect timeout); on failure the multiplexer keeps reconnecting.</summary>
    public async Task ConnectAsync()
    {
        _redis ??= await ConnectionMultiplexer.ConnectAsync(_options);
        if (!_redis.IsConnected)
        {
            _log.LogWarning("Redis rate limiter at {Endpoints} is not reachable yet: requests are served without limits until it is.", string.Join(",", _options.EndPoints));
        }
    }

    /// <summary>For readiness: whether Redis answers a PING now (bounded by the 500 ms command timeout).</summary>
    public async Task<bool> PingAsync()
    {
        try
        {
            return _redis is { IsConnected: true } redis && await redis.GetDatabase().PingAsync() < TimeSpan.FromSeconds(1);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return false;
        }
    }

    public ValueTask<RateLimitDecision> AcquireAsync(ApiKeyPrincipal principal, int limit, CancellationToken cancellationToken)
    {
        var size = _leasing ? LeaseSize(limit) : 1;
        if (size == 1)
        {
            return AskAsync(principal.KeyId, limit, 1, cancellationToken);
        }
        var lease = _leases.GetOrAdd((principal.KeyId, limit), static _ => new PermitLease());
        return lease.TryTake(Environment.TickCount64, out var decision)
            ? ValueTask.FromResult(decision)
            : FromLeaseAsync(lease, principal.KeyId, limit, size, cancellationToken);
    }

    /// <summary>
    /// The slow path of a leased key: one caller refills the lease from Redis while the others wait for that
    /// same answer (no stampede of refills), then everyone tries again. A refusal or a fail-open answer is
    /// everybody's answer.
    /// </summary>
    private async ValueTask<RateLimitDecision> FromLeaseAsync(PermitLease lease, string keyId, int limit, int size, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (refill, mine) = lease.JoinRefill();
            if (mine is not null)
            {
                var answer = await AskAsync(keyId, limit, size, CancellationToken.None);
                lease.Refilled(answer, Environment.TickCount64 + _leaseLifetimeMs);
                mine.SetResult(answer);
                PruneIdleLeases();
            }
            var decision = await refill.WaitAsync(cancellationToken);
            if (!decision.Allowed || decision.Degraded)
            {
                return decision;
            }
            if (lease.TryTake(Environment.TickCount64, out decision))
            {
                return decision;
            }
        }
    }

    /// <summary>
    /// Keys nobody used for a while leave the table, so it stays as small as the set of active keys. At most one
    /// sweep a minute: with many active keys, sweeping on every refill would walk the whole table each time.
    /// </summary>
    private void PruneIdleLeases()
    {
        var now = Environment.TickCount64;
        var due = Interlocked.Read(ref _nextPrune);
        if (_leases.Count < 1024 || now < due || Interlocked.CompareExchange(ref _nextPrune, now + 60_000, due) != due)
        {
            return;
        }
        foreach (var (key, lease) in _leases)
        {
            if (lease.IdleSince(now) > TimeSpan.FromMinutes(1))
            {
                _leases.TryRemove(key, out _);
            }
        }
    }

    /// <summary>One round trip: take up to <paramref name="want"/> permits. The decision's Remaining counts them as still available.</summary>
    private async ValueTask<RateLimitDecision> AskAsync(string keyId, int limit, int want, CancellationToken cancellationToken)
    {
        var redis = _redis;
        if (redis is null || Environment.TickCount64 < Interlocked.Read(ref _skipUntil))
        {
            return FailOpen(limit, null);
        }
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script,
                [new RedisKey(KeyPrefix + keyId), new RedisKey(KeyPrefix + keyId + ":count")],
                [limit, _windowMicros, want]))!;
            var granted = (int)(long)result[0];
            var count = (int)(long)result[1];
            var now = (long)result[2];
            var oldest = (long)result[3];
            var newest = (long)result[4];
            var window = (long)_windowMicros;
            // Granted permits beyond the first are this replica's to hand out: still "remaining" to the client.
            return new RateLimitDecision(
                granted > 0,
                limit,
                Math.Max(0, limit - count + Math.Max(0, granted - 1)),
                FromMicros(newest + window),
                granted > 0 ? TimeSpan.Zero : TimeSpan.FromMicroseconds(Math.Max(0, oldest + window - now)),
                Granted: granted);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _metrics.RedisErrors.Add(1);
            Interlocked.Exchange(ref _skipUntil, Environment.TickCount64 + (long)BackOff.TotalMilliseconds);
            return FailOpen(limit, e);
        }
    }

    private RateLimitDecision FailOpen(int limit, Exception? error)
    {
        _metrics.FailOpen.Add(1);
        // One warning per 10 s, not one per request.
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastWarning);
        if (now - last > 10_000 && Interlocked.CompareExchange(ref _lastWarning, now, last) == last)
        {
            _log.LogWarning(error, "Redis rate limiter unavailable: serving requests WITHOUT rate limits (fail-open) until it is back.");
        }
        return RateLimitDecision.FailOpen(limit);
    }

    private static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch + TimeSpan.FromMicroseconds(micros);

    public async ValueTask DisposeAsync()
    {
        if (_redis is { } redis)
        {
            await redis.DisposeAsync();
        }
    }
}
