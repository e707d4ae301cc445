using Rowell.Abstractions.Developers;
using StackExchange.Redis;

namespace Rowell.Api.RateLimiting;

/// <summary>
/// The limiter shared by every API replica: one EVALSHA per request running <see cref="Script"/>, an exact
/// sliding log in a sorted set per key, timed by Redis' own clock (replicas' clocks may disagree).
/// Redis trouble never fails a request: the call fails fast (no command backlog), the request is let
/// through with the <c>rowell_rate_limit_fail_open_total</c> warning metric, Redis is left alone for a short
/// back-off, and StackExchange.Redis keeps reconnecting in the background.
/// </summary>
public sealed class RedisRateLimiter : IApiRateLimiter, IAsyncDisposable
{
    /// <summary>
    /// KEYS[1] the key's log; ARGV[1] limit; ARGV[2] window in microseconds. Members are "time-count" so two
    /// requests in the same microsecond stay distinct. Returns {allowed, count, now, oldest, newest} (µs).
    /// </summary>
    public const string Script = """
        local key = KEYS[1]
        local limit = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
        local count = redis.call('ZCARD', key)
        local allowed = 0
        if count < limit then
          redis.call('ZADD', key, now, now .. '-' .. count)
          count = count + 1
          allowed = 1
        end
        redis.call('PEXPIRE', key, math.ceil(window / 1000))
        local oldest = now
        local newest = now
        if count > 0 then
          oldest = tonumber(redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2])
          newest = tonumber(redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')[2])
        end
        return {allowed, count, now, oldest, newest}
        """;

    private static readonly TimeSpan BackOff = TimeSpan.FromSeconds(1);

    private readonly RateLimitMetrics _metrics;
    private readonly ILogger<RedisRateLimiter> _log;
    private readonly ConfigurationOptions _options;
    private readonly RedisValue _windowMicros;
    private volatile ConnectionMultiplexer? _redis;
    private long _skipUntil;
    private long _lastWarning;

    public RedisRateLimiter(RateLimitSettings settings, RateLimitMetrics metrics, ILogger<RedisRateLimiter> log)
    {
        _metrics = metrics;
        _log = log;
        _windowMicros = (long)settings.Window.TotalMicroseconds;
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

    public async ValueTask<RateLimitDecision> AcquireAsync(ApiKeyPrincipal principal, int limit, CancellationToken cancellationToken)
    {
        var redis = _redis;
        if (redis is null || Environment.TickCount64 < Interlocked.Read(ref _skipUntil))
        {
            return FailOpen(limit, null);
        }
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
                Script, [new RedisKey("rowell:ratelimit:" + principal.KeyId)], [limit, _windowMicros]))!;
            var allowed = (long)result[0] == 1;
            var count = (int)(long)result[1];
            var now = (long)result[2];
            var oldest = (long)result[3];
            var newest = (long)result[4];
            var window = (long)_windowMicros;
            return new RateLimitDecision(
                allowed,
                limit,
                Math.Max(0, limit - count),
                FromMicros(newest + window),
                allowed ? TimeSpan.Zero : TimeSpan.FromMicroseconds(Math.Max(0, oldest + window - now)));
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
