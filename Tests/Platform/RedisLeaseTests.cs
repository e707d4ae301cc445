using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Rowell.Abstractions.Developers;
using Rowell.Api.RateLimiting;
using StackExchange.Redis;

namespace Rowell.Tests.Platform;

/// <summary>
/// Large limits are leased: a replica takes several permits per Redis call and hands them out from memory.
/// Against the real Redis of scripts/test.sh, with two limiter instances standing for two API replicas.
/// </summary>
public sealed class RedisLeaseTests : IAsyncLifetime
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly List<RedisRateLimiter> _replicas = [];

    /// <summary>A connected limiter standing for one API replica; disposed with the test.</summary>
    private async Task<RedisRateLimiter> NewReplicaAsync(RateLimitSettings settings)
    {
        var replica = new RedisRateLimiter(settings, new RateLimitMetrics(_services.GetRequiredService<IMeterFactory>()), NullLogger<RedisRateLimiter>.Instance);
        _replicas.Add(replica);
        await replica.ConnectAsync();
        return replica;
    }

    public async Task InitializeAsync()
    {
        // A long lease lifetime: a test machine stalled for a second must not expire a lease (its unused
        // permits would stay counted, and the drain would rightly let fewer than the limit through).
        var settings = new RateLimitSettings { RedisConfiguration = TwoApiInstances.Redis, Window = TimeSpan.FromMinutes(1), LeaseLifetime = TimeSpan.FromMinutes(1) };
        await NewReplicaAsync(settings);
        await NewReplicaAsync(settings);
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
        await _services.DisposeAsync();
    }

    private static ApiKeyPrincipal Key() =>
        new(Guid.NewGuid().ToString("N"), "dev_lease", ApiKeyModes.Test, [], Tiers.Enterprise);

    [Theory]
    [InlineData(100, 1)]
    [InlineData(1_999, 1)]
    [InlineData(2_000, 2)]
    [InlineData(20_000, 20)]
    [InlineData(1_000_000, 100)]
    public void Lease_size_is_one_for_small_limits_and_a_thousandth_up_to_100(int limit, int size) =>
        Assert.Equal(size, RedisRateLimiter.LeaseSize(limit));

    [Fact]
    public async Task Two_replicas_draining_a_leased_limit_let_through_exactly_the_limit_with_one_redis_call_per_lease()
    {
        const int limit = 20_000;
        var key = Key();
        var allowed = 0;
        var refused = 0;
        // 16 concurrent callers per replica, until each has been refused a few times.
        var workers = _replicas.Take(2).SelectMany(replica => Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            var refusedHere = 0;
            while (refusedHere < 3)
            {
                var decision = await replica.AcquireAsync(key, limit, CancellationToken.None);
                Assert.False(decision.Degraded, "Redis answered");
                if (decision.Allowed)
                {
                    Interlocked.Increment(ref allowed);
                }
                else
                {
                    Interlocked.Increment(ref refused);
                    refusedHere++;
                    Assert.True(decision.RetryAfter > TimeSpan.FromSeconds(50), $"Retry-After {decision.RetryAfter} should be about a window");
                }
            }
        }))).ToArray();
        await Task.WhenAll(workers);

        Assert.Equal(limit, allowed);
        Assert.True(refused >= 2 * 16 * 3);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TwoApiInstances.Redis);
        var db = redis.GetDatabase();
        var calls = await db.SortedSetLengthAsync(RedisRateLimiter.KeyPrefix + key.KeyId);
        Assert.Equal(limit, (long)await db.StringGetAsync(RedisRateLimiter.KeyPrefix + key.KeyId + ":count"));
        // 20 permits per lease: 1,000 leases if every one was full; a few partial ones near the end are fine.
        Assert.InRange(calls, limit / 20, limit / 20 + 10);
    }

    [Fact]
    public async Task Remaining_counts_down_one_per_request_through_leases()
    {
        var replica = _replicas[0];
        var key = Key();
        var seen = new List<int>();
        for (var i = 0; i < 50; i++)
        {
            var decision = await replica.AcquireAsync(key, 10_000, CancellationToken.None);
            Assert.True(decision.Allowed);
            seen.Add(decision.Remaining);
        }
        Assert.Equal(Enumerable.Range(0, 50).Select(i => 10_000 - 1 - i), seen);
    }

    [Fact]
    public async Task An_expired_lease_is_dropped_and_its_unused_permits_stay_counted()
    {
        var replica = await NewReplicaAsync(new RateLimitSettings { RedisConfiguration = TwoApiInstances.Redis, LeaseLifetime = TimeSpan.FromMilliseconds(200) });
        var key = Key();
        Assert.Equal(20_000 - 1, (await replica.AcquireAsync(key, 20_000, CancellationToken.None)).Remaining);
        await Task.Delay(400);
        var second = await replica.AcquireAsync(key, 20_000, CancellationToken.None);
        Assert.True(second.Allowed);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TwoApiInstances.Redis);
        var db = redis.GetDatabase();
        // Two leases of 20: the first one's 19 unused permits were not handed out after it expired, but they count.
        Assert.Equal(2, await db.SortedSetLengthAsync(RedisRateLimiter.KeyPrefix + key.KeyId));
        Assert.Equal(40, (long)await db.StringGetAsync(RedisRateLimiter.KeyPrefix + key.KeyId + ":count"));
        Assert.Equal(20_000 - 40 + 19, second.Remaining);
    }

    [Fact]
    public async Task With_leasing_off_a_large_limit_is_counted_per_request()
    {
        var exact = await NewReplicaAsync(new RateLimitSettings { RedisConfiguration = TwoApiInstances.Redis, Leasing = false });
        var key = Key();
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(20_000 - 1 - i, (await exact.AcquireAsync(key, 20_000, CancellationToken.None)).Remaining);
        }
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TwoApiInstances.Redis);
        Assert.Equal(30, await redis.GetDatabase().SortedSetLengthAsync(RedisRateLimiter.KeyPrefix + key.KeyId));
    }

    [Fact]
    public async Task A_small_limit_is_counted_per_request_exactly()
    {
        var key = Key();
        var decisions = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => _replicas[i % 2].AcquireAsync(key, 25, CancellationToken.None).AsTask()));
        Assert.Equal(25, decisions.Count(d => d.Allowed));
        Assert.Equal(Enumerable.Range(0, 25).Reverse(), decisions.Where(d => d.Allowed).Select(d => d.Remaining).Order().Reverse());
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TwoApiInstances.Redis);
        Assert.Equal(25, await redis.GetDatabase().SortedSetLengthAsync(RedisRateLimiter.KeyPrefix + key.KeyId));
    }
}
