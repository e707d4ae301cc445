using System.Diagnostics;
using Rowell.Client;
using Rowell.Client.Models;
using Rowell.Tests.Platform;

namespace Rowell.Tests.Clients;

/// <summary>429 with Retry-After against a developer whose custom limit is 3 requests per 2 s window.</summary>
[Collection(ClientsCollection.Name)]
public sealed class ClientRetryTests(ClientsFixture fixture)
{
    private const int Limit = 3;

    private async Task<string> RateLimitedKeyAsync()
    {
        var (developerId, key) = await fixture.NewDeveloperAsync();
        await PlatformClient.SetTierAsync(fixture.Factory, developerId, "enterprise", Limit);
        return key;
    }

    [Fact]
    public async Task Without_retries_a_429_is_a_typed_exception_carrying_retry_after()
    {
        var key = await RateLimitedKeyAsync();
        using var client = fixture.Client(key, maxRetries: 0);
        for (var i = 0; i < Limit; i++)
        {
            await client.Developers.MeAsync();
        }
        var limited = await Assert.ThrowsAsync<RowellRateLimitedException>(() => client.Developers.MeAsync());
        Assert.Equal(ErrorCodes.RateLimited, limited.Code);
        Assert.NotNull(limited.RetryAfter);
        Assert.InRange(limited.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task The_client_sleeps_through_retry_after_and_then_succeeds_and_a_retried_create_makes_one_resource()
    {
        var key = await RateLimitedKeyAsync();
        using var client = fixture.Client(key);
        for (var i = 0; i < Limit - 1; i++)
        {
            await client.Developers.MeAsync();
        }
        // The third request uses the window's last permit; the fourth is refused, waited out and retried with the same key.
        var first = await client.Accounts.CreateAsync(new CreateAccountRequest("stellar", "testnet", "user", "KE"));
        var clock = Stopwatch.StartNew();
        var second = await client.Accounts.CreateAsync(new CreateAccountRequest("stellar", "testnet", "user", "GH"));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"the retry waited for Retry-After ({clock.Elapsed})");
        Assert.NotEqual(first.Id, second.Id);

        await Task.Delay(TimeSpan.FromSeconds(2.1));
        var page = await client.Accounts.ListAsync();
        Assert.Equal([second.Id, first.Id], page.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_client_waits_fails_at_once()
    {
        var key = await RateLimitedKeyAsync();
        using var client = fixture.Client(key, maxRetries: 5, maxRetryAfter: TimeSpan.FromMilliseconds(10));
        for (var i = 0; i < Limit; i++)
        {
            await client.Developers.MeAsync();
        }
        var clock = Stopwatch.StartNew();
        var limited = await Assert.ThrowsAsync<RowellRateLimitedException>(() => client.Developers.MeAsync());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), "no sleeping through a Retry-After above MaxRetryAfter");
        Assert.NotNull(limited.RetryAfter);
    }
}
