using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Platform;

[Collection(PlatformCollection.Name)]
public sealed class UsageAndSandboxTests(PlatformFixture fixture)
{
    private ApiFactory Factory => fixture.Factory;

    [Fact]
    public async Task Usage_is_counted_per_day_and_route_template_never_raw_ids()
    {
        var (client, _, _) = await Factory.NewDeveloperAsync();
        var id = (await PlatformClient.CreateAccountAsync(client, "testnet")).GetProperty("id").GetString()!;
        for (var i = 0; i < 3; i++)
        {
            await Http.ReadAsync(await client.GetAsync($"/api/v1/accounts/{id}"), 200);
        }
        await Http.ErrorAsync(await client.GetAsync("/api/v1/accounts/acc_00000000000000000000"), 404, "NOT_FOUND");

        var usage = await client.GetStringAsync("/api/v1/developers/me/usage");
        Assert.DoesNotContain(id, usage);
        var data = (await Http.ReadAsync(await client.GetAsync("/api/v1/developers/me/usage"), 200)).GetProperty("data");
        var today = data.GetProperty("days")[0];
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd"), today.GetProperty("date").GetString());
        var endpoints = today.GetProperty("endpoints").EnumerateArray().ToDictionary(e => e.GetProperty("endpoint").GetString()!, e => e.GetProperty("requests").GetInt64());
        Assert.Equal(4, endpoints["GET /api/v1/accounts/{id}"]);
        Assert.Equal(1, endpoints["POST /api/v1/accounts"]);
        // Both usage calls count: the earlier one, and the one reading (it is counted before its handler runs).
        Assert.Equal(2, endpoints["GET /api/v1/developers/me/usage"]);
        Assert.Equal(7, today.GetProperty("requests").GetInt64());
        Assert.Equal(7, data.GetProperty("total_requests").GetInt64());
    }

    [Fact]
    public async Task Sandbox_fund_credits_the_wallet_of_the_asset()
    {
        var (client, _, _) = await Factory.NewDeveloperAsync();
        var id = (await PlatformClient.CreateAccountAsync(client, "testnet")).GetProperty("id").GetString()!;
        var balances = (await Http.ReadAsync(await client.PostAsync("/api/v1/sandbox/fund", ApiFactory.Json(new { account_id = id, asset_code = "USDC", amount = "250.5" })), 200)).GetProperty("data");
        var usdc = balances.EnumerateArray().Single(b => b.GetProperty("asset_code").GetString() == "USDC");
        Assert.Equal("1250.5000000", usdc.GetProperty("balance").GetString());

        var error = await Http.ErrorAsync(await client.PostAsync("/api/v1/sandbox/fund", ApiFactory.Json(new { account_id = id, asset_code = "HBAR", amount = "1" })), 400, "VALIDATION_ERROR");
        Assert.Equal("asset_code", error.GetProperty("details").GetProperty("field").GetString());
        await Http.ErrorAsync(await client.PostAsync("/api/v1/sandbox/fund", ApiFactory.Json(new { account_id = id, asset_code = "XLM", amount = 5 })), 400, "VALIDATION_ERROR");
        await Http.ErrorAsync(await client.PostAsync("/api/v1/sandbox/fund", ApiFactory.Json(new { account_id = id, asset_code = "XLM", amount = "-5" })), 400, "VALIDATION_ERROR");

        var (stranger, _, _) = await Factory.NewDeveloperAsync();
        await Http.ErrorAsync(await stranger.PostAsync("/api/v1/sandbox/fund", ApiFactory.Json(new { account_id = id, asset_code = "XLM", amount = "1" })), 404, "NOT_FOUND");

        var (_, live) = await PlatformClient.CreateKeyAsync(client, "live");
        var liveError = await Http.ErrorAsync(await Factory.WithKey(live).PostAsync("/api/v1/sandbox/fund", ApiFactory.Json(new { account_id = id, asset_code = "XLM", amount = "1" })), 403, "FORBIDDEN");
        Assert.Contains("sk_test_", liveError.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Sandbox_reset_deletes_only_the_callers_testnet_data()
    {
        var (client, _, _) = await Factory.NewDeveloperAsync();
        var (_, live) = await PlatformClient.CreateKeyAsync(client, "live");
        var liveClient = Factory.WithKey(live);
        var (stranger, _, _) = await Factory.NewDeveloperAsync();

        var mine = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            mine.Add((await PlatformClient.CreateAccountAsync(client, "testnet")).GetProperty("id").GetString()!);
        }
        var mainnet = (await PlatformClient.CreateAccountAsync(liveClient, "mainnet")).GetProperty("id").GetString()!;
        var theirs = (await PlatformClient.CreateAccountAsync(stranger, "testnet")).GetProperty("id").GetString()!;

        foreach (var id in mine)
        {
            // Read first, so this API instance holds the views in its read cache: the reset must drop them.
            await Http.ReadAsync(await client.GetAsync($"/api/v1/accounts/{id}"), 200);
        }

        var result = (await Http.ReadAsync(await client.PostAsync("/api/v1/sandbox/reset", null), 200)).GetProperty("data");
        Assert.Equal(mine.Order(), result.GetProperty("deleted_accounts").EnumerateArray().Select(a => a.GetString()!).Order());
        Assert.Equal(3, result.GetProperty("deleted_wallets").GetInt32());

        foreach (var id in mine)
        {
            await Http.ErrorAsync(await client.GetAsync($"/api/v1/accounts/{id}"), 404, "NOT_FOUND");
        }
        Assert.Equal(0, (await Http.ReadAsync(await client.GetAsync("/api/v1/accounts"), 200)).GetProperty("data").GetProperty("items").GetArrayLength());
        await Http.ReadAsync(await liveClient.GetAsync($"/api/v1/accounts/{mainnet}"), 200);
        await Http.ReadAsync(await stranger.GetAsync($"/api/v1/accounts/{theirs}"), 200);
        await Http.ReadAsync(await client.GetAsync("/api/v1/developers/me"), 200); // keys and profile survive

        // Live keys cannot reset.
        await Http.ErrorAsync(await liveClient.PostAsync("/api/v1/sandbox/reset", null), 403, "FORBIDDEN");
    }

    [Fact]
    public async Task Sandbox_simulate_creates_accounts_and_transfers_through_the_real_paths()
    {
        var (client, _, _) = await Factory.NewDeveloperAsync();
        var response = await PlatformClient.SimulateAsync(client, new { accounts = 4, transfers = 6 });
        var started = (await Http.ReadAsync(response, 202)).GetProperty("data");
        var id = started.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/sandbox/simulations/{id}", response.Headers.Location?.OriginalString);

        var data = (await PlatformClient.PollSimulationAsync(client, response.Headers.Location!.OriginalString))[^1];
        Assert.Equal("completed", data.GetProperty("status").GetString());
        var accounts = data.GetProperty("account_ids").EnumerateArray().Select(a => a.GetString()!).ToList();
        Assert.Equal(4, accounts.Count);
        var (accountsCreated, made, refused, percent) = PlatformClient.SimulationProgress(data);
        Assert.Equal((4, 100), (accountsCreated, percent));
        Assert.Equal(6, made + refused);
        Assert.Equal(made, data.GetProperty("transfer_ids").GetArrayLength());
        Assert.Equal(made, data.GetProperty("transfer_statuses").EnumerateObject().Sum(p => p.Value.GetInt32()));

        // Real accounts and transfers of this developer: listed, readable, marked as simulated.
        var listed = (await Http.ReadAsync(await client.GetAsync("/api/v1/accounts?limit=100"), 200)).GetProperty("data").GetProperty("items");
        Assert.Equal(accounts.Order(), listed.EnumerateArray().Select(a => a.GetProperty("id").GetString()!).Order());
        Assert.All(listed.EnumerateArray(), a => Assert.Equal(id, a.GetProperty("metadata").GetProperty("simulation_id").GetString()));
        foreach (var transferId in data.GetProperty("transfer_ids").EnumerateArray().Select(t => t.GetString()))
        {
            var transfer = (await Http.ReadAsync(await client.GetAsync($"/api/v1/transfers/{transferId}"), 200)).GetProperty("data");
            Assert.Contains(transfer.GetProperty("from_account").GetString(), accounts);
        }
        await Http.ErrorAsync(await PlatformClient.SimulateAsync(client, new { accounts = 1 }), 400, "VALIDATION_ERROR");
    }
}
