using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Platform;

/// <summary>Embedded mode (no Redis): the same sliding-window policy, in process.</summary>
[Collection(PlatformCollection.Name)]
public sealed class InProcessRateLimitTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_free_key_gets_its_limit_then_429_with_retry_after()
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        await RateLimitAssertions.ExhaustAsync([client], PlatformFixture.FreeLimit);
    }

    [Fact]
    public async Task An_enterprise_custom_limit_applies_and_other_keys_are_not_affected()
    {
        var (client, developerId, _) = await fixture.Factory.NewDeveloperAsync();
        await PlatformClient.SetTierAsync(fixture.Factory, developerId, "enterprise", 7);
        await RateLimitAssertions.ExhaustAsync([client], 7);

        var (other, _, _) = await fixture.Factory.NewDeveloperAsync();
        var response = await other.GetAsync("/api/v1/developers/me");
        await Http.ReadAsync(response, 200);
        Assert.Equal(PlatformFixture.FreeLimit - 1, PlatformClient.IntHeader(response, "X-RateLimit-Remaining"));
    }
}

public static class RateLimitAssertions
{
    /// <summary>
    /// Sends <paramref name="limit"/> requests round-robin over the clients (API instances): each succeeds with
    /// the headers counting down; the next one is 429 RATE_LIMITED with a Retry-After within the window.
    /// </summary>
    public static async Task ExhaustAsync(IReadOnlyList<HttpClient> clients, int limit, int windowSeconds = 60)
    {
        long? reset = null;
        var first = DateTimeOffset.UtcNow;
        for (var i = 0; i < limit; i++)
        {
            var response = await clients[i % clients.Count].GetAsync("/api/v1/developers/me");
            await Http.ReadAsync(response, 200);
            Assert.Equal(limit, PlatformClient.IntHeader(response, "X-RateLimit-Limit"));
            Assert.Equal(limit - i - 1, PlatformClient.IntHeader(response, "X-RateLimit-Remaining"));
            var r = PlatformClient.LongHeader(response, "X-RateLimit-Reset");
            Assert.InRange(r - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 0, windowSeconds + 1);
            Assert.True(reset is null || r >= reset, "Reset never moves backwards while requests are added");
            reset = r;
        }
        var refused = await clients[limit % clients.Count].GetAsync("/api/v1/developers/me");
        var error = await Http.ErrorAsync(refused, 429, "RATE_LIMITED");
        Assert.Equal(limit, error.GetProperty("details").GetProperty("limit").GetInt32());
        Assert.Equal(0, PlatformClient.IntHeader(refused, "X-RateLimit-Remaining"));
        Assert.Equal(limit, PlatformClient.IntHeader(refused, "X-RateLimit-Limit"));
        var retryAfter = PlatformClient.IntHeader(refused, "Retry-After");
        // The oldest request leaves the window one window after it was made, and it was made after `first`.
        var earliest = (int)Math.Floor(windowSeconds - (DateTimeOffset.UtcNow - first).TotalSeconds) - 1;
        Assert.InRange(retryAfter, Math.Max(1, earliest), windowSeconds);
        // Every other instance agrees.
        foreach (var client in clients)
        {
            await Http.ErrorAsync(await client.GetAsync("/api/v1/developers/me"), 429, "RATE_LIMITED");
        }
    }
}
