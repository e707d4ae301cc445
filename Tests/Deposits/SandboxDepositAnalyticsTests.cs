using System.Globalization;
using System.Text.Json;
using Rowell.Grains.Analytics;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Deposits;

/// <summary>
/// A sandbox deposit goes the way of every deposit: its deposit.received event reaches the analytics rollups
/// (embedded mode), where the network's deposits measures count it once, with its USD value from the rate table.
/// </summary>
public sealed class SandboxDepositAnalyticsTests : IClassFixture<SandboxDepositApiTests.Api>
{
    private readonly ApiFactory _factory;

    public SandboxDepositAnalyticsTests(SandboxDepositApiTests.Api api) => _factory = api.Factory;

    [Fact]
    public async Task Sandbox_deposits_count_in_the_network_analytics()
    {
        var (client, _, _) = await _factory.NewDeveloperAsync();
        var account = (await Http.CreateAccountAsync(client)).GetProperty("id").GetString()!;
        foreach (var (asset, amount, key) in new[] { ("XLM", "12.5", "a-dep-1"), ("USDC", "3", "a-dep-2") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sandbox/deposit")
            {
                Content = ApiFactory.Json(new { account_id = account, asset_code = asset, amount }),
            };
            // Sent twice under one key: one deposit, one event, counted once.
            request.Headers.Add("Idempotency-Key", key);
            await Http.ReadAsync(await client.SendAsync(request), 201);
            using var replay = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sandbox/deposit")
            {
                Content = ApiFactory.Json(new { account_id = account, asset_code = asset, amount }),
            };
            replay.Headers.Add("Idempotency-Key", key);
            await Http.ReadAsync(await client.SendAsync(replay), 201);
        }
        var rates = StaticUsdRates.Default;
        var expectedUsd = Usd.Format(12.5m * rates.Rate("XLM")!.Value + 3m * rates.Rate("USDC")!.Value);

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        JsonElement stellar = default;
        // The rollup grain writes its buffer every 250 ms: wait for the stream (bounded), then compare exactly.
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            var items = (await Http.ReadAsync(await client.GetAsync($"/api/v1/analytics/network?network=stellar&start_date={today}&end_date={today}"), 200))
                .GetProperty("data").GetProperty("items");
            if (items.GetArrayLength() == 1 && items[0].GetProperty("deposits").GetInt64() >= 2)
            {
                stellar = items[0];
                break;
            }
        }
        Assert.Equal(JsonValueKind.Object, stellar.ValueKind);
        Assert.Equal(2, stellar.GetProperty("deposits").GetInt64());
        Assert.Equal(expectedUsd, stellar.GetProperty("deposit_volume_usd").GetString());
        Assert.Equal(0, stellar.GetProperty("count").GetInt64());
    }
}
