using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Rowell.Api.RateLimiting;
using Rowell.Grains.Storage;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Platform;

/// <summary>
/// The real deployment shape: a Postgres-backed silo and TWO API processes (Orleans clients) sharing the
/// Redis that scripts/test.sh starts (ROWELL_TEST_REDIS). Limits are per key across both instances.
/// </summary>
public sealed class TwoApiInstances : IAsyncLifetime
{
    public ApiFactory A { get; private set; } = null!;
    public ApiFactory B { get; private set; } = null!;
    private IHost _silo = null!;

    public static string Redis => Environment.GetEnvironmentVariable("ROWELL_TEST_REDIS")
        ?? throw new InvalidOperationException("ROWELL_TEST_REDIS is not set: run the suite with scripts/test.sh, which starts a private Redis.");

    public async Task InitializeAsync()
    {
        var db = await TestPostgres.CreateDatabaseAsync("ratelimit");
        await PostgresSchema.ApplyAsync(db);
        var settings = TestSettings.Cluster(db, "ratelimit");
        _silo = await TestHosts.StartSiloAsync(settings);
        var extra = new Dictionary<string, string> { ["REDIS_URL"] = Redis, ["ADMIN_TOKEN"] = PlatformClient.AdminToken };
        A = new ApiFactory(settings, extra);
        B = new ApiFactory(settings, extra);
        A.CreateClient().Dispose();
        B.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await _silo.StopAsync();
        _silo.Dispose();
    }
}

public sealed class RedisRateLimitTests(TwoApiInstances api) : IClassFixture<TwoApiInstances>
{
    [Fact]
    public async Task Both_instances_use_the_redis_limiter()
    {
        Assert.IsType<RedisRateLimiter>(api.A.Services.GetRequiredService<IApiRateLimiter>());
        Assert.IsType<RedisRateLimiter>(api.B.Services.GetRequiredService<IApiRateLimiter>());
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_free_key_gets_exactly_100_per_minute_across_two_instances()
    {
        var (_, _, key) = await api.A.NewDeveloperAsync();
        await RateLimitAssertions.ExhaustAsync([api.A.WithKey(key), api.B.WithKey(key)], 100);
    }

    [Fact]
    public async Task A_pro_key_gets_1000()
    {
        var (_, developerId, key) = await api.A.NewDeveloperAsync();
        // Before the key's first use, so no instance holds a cached free-tier principal.
        await PlatformClient.SetTierAsync(api.A, developerId, "pro");
        await RateLimitAssertions.ExhaustAsync([api.A.WithKey(key), api.B.WithKey(key)], 1000);
    }

    [Fact]
    public async Task A_revoked_key_is_401_on_every_instance_within_5_seconds()
    {
        var (owner, _, _) = await api.A.NewDeveloperAsync();
        var (id, secret) = await PlatformClient.CreateKeyAsync(owner, "test");
        var onA = api.A.WithKey(secret);
        var onB = api.B.WithKey(secret);
        // Both instances now hold a cached principal for the key.
        await Http.ReadAsync(await onA.GetAsync("/api/v1/developers/me"), 200);
        await Http.ReadAsync(await onB.GetAsync("/api/v1/developers/me"), 200);

        await Http.ReadAsync(await owner.DeleteAsync($"/api/v1/developers/me/api-keys/{id}"), 200);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        var pending = new List<HttpClient> { onA, onB };
        while (pending.Count > 0)
        {
            foreach (var client in pending.ToList())
            {
                if ((int)(await client.GetAsync("/api/v1/developers/me")).StatusCode == 401)
                {
                    pending.Remove(client);
                }
            }
            Assert.True(pending.Count == 0 || DateTime.UtcNow < deadline, "a revoked key still worked after 5 s");
            await Task.Delay(100);
        }
        await Http.ErrorAsync(await onA.GetAsync("/api/v1/accounts"), 401, "UNAUTHORIZED");
        await Http.ErrorAsync(await onB.GetAsync("/api/v1/accounts"), 401, "UNAUTHORIZED");
    }
}

/// <summary>Redis dies mid-test and comes back: requests are served throughout, and limits return with Redis.</summary>
public sealed class RedisOutageTests
{
    private const int Limit = 5;

    [Fact]
    public async Task Requests_keep_succeeding_while_redis_is_down_and_limits_return_with_it()
    {
        var port = FreePort.Next();
        using var failOpen = new FailOpenCounter();
        var redis = await PrivateRedis.StartAsync(port);
        try
        {
            await using var factory = new ApiFactory(TestSettings.Embedded(), new Dictionary<string, string>
            {
                ["REDIS_URL"] = $"127.0.0.1:{port}",
                ["ROWELL_RATE_LIMIT_FREE"] = Limit.ToString(),
            });
            var (client, _, _) = await factory.NewDeveloperAsync();
            await RateLimitAssertions.ExhaustAsync([client], Limit);
            var ready = await Http.ReadAsync(await factory.CreateClient().GetAsync("/health/ready"), 200);
            Assert.Equal("ok", ready.GetProperty("data").GetProperty("checks").GetProperty("redis").GetString());

            PrivateRedis.Stop(redis);
            // Readiness reports Redis down but stays 200: the API serves without it (fail-open).
            // Readiness answers from a probe at most a second old: wait for the next one.
            for (var i = 0; i < 30; i++)
            {
                ready = await Http.ReadAsync(await factory.CreateClient().GetAsync("/health/ready"), 200);
                if (ready.GetProperty("data").GetProperty("checks").GetProperty("redis").GetString()!.StartsWith("unreachable", StringComparison.Ordinal))
                {
                    break;
                }
                await Task.Delay(200);
            }
            Assert.StartsWith("unreachable", ready.GetProperty("data").GetProperty("checks").GetProperty("redis").GetString());
            for (var i = 0; i < 20; i++)
            {
                var response = await client.GetAsync("/api/v1/developers/me");
                await Http.ReadAsync(response, 200);
                Assert.Equal(Limit, PlatformClient.IntHeader(response, "X-RateLimit-Limit"));
                Assert.Equal("degraded", Assert.Single(response.Headers.GetValues("X-RateLimit-Status")));
            }
            Assert.True(failOpen.Value >= 20, $"fail_open counted {failOpen.Value}");
            Assert.Contains("rowell_rate_limit_fail_open_total", await factory.CreateClient().GetStringAsync("/metrics"));

            redis = await PrivateRedis.StartAsync(port);
            // The client reconnects by itself; once it has, the (empty) window fills up again and refuses.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            var allowedAfterRecovery = 0;
            while (true)
            {
                Assert.True(DateTime.UtcNow < deadline, "limits did not come back within 30 s of Redis restarting");
                var response = await client.GetAsync("/api/v1/developers/me");
                if ((int)response.StatusCode == 429)
                {
                    await Http.ErrorAsync(response, 429, "RATE_LIMITED");
                    break;
                }
                await Http.ReadAsync(response, 200);
                if (response.Headers.Contains("X-RateLimit-Remaining"))
                {
                    allowedAfterRecovery++;
                }
                else
                {
                    await Task.Delay(100);
                }
            }
            Assert.Equal(Limit, allowedAfterRecovery);
        }
        finally
        {
            PrivateRedis.Stop(redis);
        }
    }

    private sealed class FailOpenCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _value;

        public FailOpenCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == RateLimitMetrics.MeterName && instrument.Name == "rowell_rate_limit_fail_open")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _value, value));
            _listener.Start();
        }

        public long Value => Interlocked.Read(ref _value);

        public void Dispose() => _listener.Dispose();
    }
}

/// <summary>A throwaway redis-server this test owns (so it can kill and restart it), on a loopback port.</summary>
public static class PrivateRedis
{
    public static async Task<Process> StartAsync(int port)
    {
        var process = Process.Start(new ProcessStartInfo("redis-server",
            ["--bind", "127.0.0.1", "--port", port.ToString(), "--save", "", "--appendonly", "no", "--protected-mode", "yes"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start (is the redis-server package installed?)");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", port);
                return process;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        Stop(process);
        throw new InvalidOperationException($"redis-server did not listen on {port}");
    }

    public static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(5000);
        }
    }
}
