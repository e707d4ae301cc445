using System.Text.Json;
using Rowell.Tests.Infrastructure;
using Rowell.Tests.Platform;

namespace Rowell.Tests.Deposits;

/// <summary>POST /sandbox/deposit through the HTTP API (embedded mode): the deposit, its balances, lists and transactions.</summary>
public sealed class SandboxDepositApiTests : IClassFixture<SandboxDepositApiTests.Api>, IAsyncLifetime
{
    private readonly ApiFactory _factory;

    public SandboxDepositApiTests(Api api) => _factory = api.Factory;

    /// <summary>One embedded API for the class.</summary>
    public sealed class Api : IDisposable
    {
        public ApiFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<JsonElement> DepositAsync(HttpClient client, object body, string? key = null, int status = 201)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sandbox/deposit") { Content = ApiFactory.Json(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return (await Http.ReadAsync(await client.SendAsync(request), status)).GetProperty("data");
    }

    private static async Task<decimal> BalanceAsync(HttpClient client, string account, string asset)
    {
        var balances = (await Http.ReadAsync(await client.GetAsync($"/api/v1/accounts/{account}/balances"), 200)).GetProperty("data");
        return balances.EnumerateArray().Where(b => b.GetProperty("asset_code").GetString() == asset)
            .Select(b => decimal.Parse(b.GetProperty("balance").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).Sum();
    }

    [Fact]
    public async Task SandboxDeposit_IsADeposit_InBalancesListsAndTransactions_OncePerKey()
    {
        var (client, _, _) = await _factory.NewDeveloperAsync();
        var account = (await Http.CreateAccountAsync(client)).GetProperty("id").GetString()!;
        var before = await BalanceAsync(client, account, "XLM");

        var deposit = await DepositAsync(client, new { account_id = account, asset_code = "XLM", amount = "12.5" }, key: "dep-key-1");
        Assert.StartsWith("dep_", deposit.GetProperty("id").GetString());
        Assert.Equal("deposit", deposit.GetProperty("object").GetString());
        Assert.Equal("12.5000000", deposit.GetProperty("amount").GetString());
        Assert.Equal("stellar", deposit.GetProperty("network").GetString());
        Assert.StartsWith("G", deposit.GetProperty("from_address").GetString());
        var id = deposit.GetProperty("id").GetString()!;
        var hash = deposit.GetProperty("transaction_hash").GetString()!;

        // The same Idempotency-Key is the same deposit: credited once.
        var replay = await DepositAsync(client, new { account_id = account, asset_code = "XLM", amount = "12.5" }, key: "dep-key-1");
        Assert.Equal(id, replay.GetProperty("id").GetString());
        Assert.Equal(before + 12.5m, await BalanceAsync(client, account, "XLM"));

        var second = await DepositAsync(client, new { account_id = account, asset_code = "USDC", amount = "3", from_address = "GBBD47IF6LWK7P7MDEVSCWR7DPUWV3NY3DTQEVFL4NAT4AQH3ZLLFLA5" });
        Assert.Equal("GBBD47IF6LWK7P7MDEVSCWR7DPUWV3NY3DTQEVFL4NAT4AQH3ZLLFLA5", second.GetProperty("from_address").GetString());

        var all = (await Http.ReadAsync(await client.GetAsync("/api/v1/deposits"), 200)).GetProperty("data");
        Assert.Equal(2, all.GetProperty("items").GetArrayLength());
        var usdcOnly = (await Http.ReadAsync(await client.GetAsync($"/api/v1/accounts/{account}/deposits?asset_code=USDC"), 200)).GetProperty("data").GetProperty("items");
        Assert.Equal(second.GetProperty("id").GetString(), Assert.Single(usdcOnly.EnumerateArray()).GetProperty("id").GetString());
        var page = (await Http.ReadAsync(await client.GetAsync("/api/v1/deposits?limit=1"), 200)).GetProperty("data");
        Assert.True(page.GetProperty("has_more").GetBoolean());
        var rest = (await Http.ReadAsync(await client.GetAsync($"/api/v1/deposits?limit=1&starting_after={page.GetProperty("next_cursor").GetString()}"), 200)).GetProperty("data");
        Assert.Equal(id, Assert.Single(rest.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(id, (await Http.ReadAsync(await client.GetAsync($"/api/v1/deposits/{id}"), 200)).GetProperty("data").GetProperty("id").GetString());

        var byHash = (await Http.ReadAsync(await client.GetAsync($"/api/v1/transactions/{hash}"), 200)).GetProperty("data");
        Assert.Equal(("deposit", id), (byHash.GetProperty("type").GetString(), byHash.GetProperty("deposit_id").GetString()));

        // Another developer sees none of it.
        var (stranger, _, _) = await _factory.NewDeveloperAsync();
        await Http.ErrorAsync(await stranger.GetAsync($"/api/v1/accounts/{account}/deposits"), 404, "NOT_FOUND");
        await Http.ErrorAsync(await stranger.GetAsync($"/api/v1/deposits/{id}"), 404, "NOT_FOUND");
        Assert.Equal(0, (await Http.ReadAsync(await stranger.GetAsync("/api/v1/deposits"), 200)).GetProperty("data").GetProperty("items").GetArrayLength());
        await Http.ErrorAsync(await stranger.PostAsync("/api/v1/sandbox/deposit", ApiFactory.Json(new { account_id = account, asset_code = "XLM", amount = "1" })), 404, "NOT_FOUND");
        // A live key sees no testnet deposits and cannot make sandbox ones.
        var (_, live) = await PlatformClient.CreateKeyAsync(client, "live");
        Assert.Equal(0, (await Http.ReadAsync(await _factory.WithKey(live).GetAsync("/api/v1/deposits"), 200)).GetProperty("data").GetProperty("items").GetArrayLength());
        await Http.ErrorAsync(await _factory.WithKey(live).PostAsync("/api/v1/sandbox/deposit", ApiFactory.Json(new { account_id = account, asset_code = "XLM", amount = "1" })), 403, "FORBIDDEN");
    }

    [Fact]
    public async Task BadInput_Is400_AndChangesNothing()
    {
        var (client, _, _) = await _factory.NewDeveloperAsync();
        var accountJson = await Http.CreateAccountAsync(client);
        var account = accountJson.GetProperty("id").GetString()!;
        var own = accountJson.GetProperty("wallets")[0].GetProperty("address").GetString()!;
        var before = await BalanceAsync(client, account, "XLM");
        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { account_id = account, asset_code = "XLM", amount = "1e5" }, "amount"),
                     (new { account_id = account, asset_code = "XLM", amount = "-1" }, "amount"),
                     (new { account_id = account, asset_code = "XLM", amount = "1.123456789" }, "amount"),
                     (new { account_id = account, asset_code = "DOGE", amount = "1" }, "asset_code"),
                     (new { account_id = account, asset_code = "HBAR", amount = "1" }, "asset_code"),
                     (new { account_id = account, asset_code = "XLM", amount = "1", from_address = "not-an-address" }, "from_address"),
                     (new { account_id = account, asset_code = "XLM", amount = "1", from_address = own }, "from_address"),
                 })
        {
            var error = await Http.ErrorAsync(await client.PostAsync("/api/v1/sandbox/deposit", ApiFactory.Json(body)), 400, "VALIDATION_ERROR");
            Assert.Equal(field, error.GetProperty("details").GetProperty("field").GetString());
        }
        Assert.Equal(before, await BalanceAsync(client, account, "XLM"));
        Assert.Equal(0, (await Http.ReadAsync(await client.GetAsync("/api/v1/deposits"), 200)).GetProperty("data").GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Transactions_OfAnAccount_MergeTransfersAndDeposits_CursorPagesSeeEachOnce()
    {
        var (client, _, _) = await _factory.NewDeveloperAsync();
        var a = (await Http.CreateAccountAsync(client)).GetProperty("id").GetString()!;
        var b = (await Http.CreateAccountAsync(client)).GetProperty("id").GetString()!;
        var expected = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            expected.Add((await DepositAsync(client, new { account_id = a, asset_code = "XLM", amount = "2" })).GetProperty("id").GetString()!);
            var transfer = (await Http.ReadAsync(await client.PostAsync("/api/v1/transfers",
                ApiFactory.Json(new { from_account = a, to_account = b, asset_code = "XLM", amount = "1" })), 201)).GetProperty("data");
            expected.Add(transfer.GetProperty("id").GetString()!);
        }
        var seen = new List<string>();
        string? cursor = null;
        for (var pageNo = 0; pageNo < 10; pageNo++)
        {
            var url = $"/api/v1/transactions?account={a}&limit=2" + (cursor is null ? "" : $"&starting_after={cursor}");
            var data = (await Http.ReadAsync(await client.GetAsync(url), 200)).GetProperty("data");
            foreach (var item in data.GetProperty("items").EnumerateArray())
            {
                seen.Add(item.GetProperty("type").GetString() == "deposit" ? item.GetProperty("deposit_id").GetString()! : item.GetProperty("transfer_id").GetString()!);
            }
            if (!data.GetProperty("has_more").GetBoolean())
            {
                break;
            }
            cursor = data.GetProperty("next_cursor").GetString();
        }
        Assert.Equal(expected.Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    /// <summary>
    /// Forwards with starting_after, then back from the last item with ending_before: the same items in the same
    /// order, each once — across deposit and transfer cursors, and pages that straddle both kinds.
    /// </summary>
    [Fact]
    public async Task Transactions_OfAnAccount_PageBackwardsWithEndingBefore_AsTheyPagedForwards()
    {
        var (client, _, _) = await _factory.NewDeveloperAsync();
        var a = (await Http.CreateAccountAsync(client)).GetProperty("id").GetString()!;
        var b = (await Http.CreateAccountAsync(client)).GetProperty("id").GetString()!;
        // d t t d d t d: runs of each kind, so a page of 3 ends on either kind and mixes both.
        foreach (var kind in "dttddtd")
        {
            if (kind == 'd')
            {
                await DepositAsync(client, new { account_id = a, asset_code = "XLM", amount = "2" });
            }
            else
            {
                await Http.ReadAsync(await client.PostAsync("/api/v1/transfers",
                    ApiFactory.Json(new { from_account = a, to_account = b, asset_code = "XLM", amount = "1" })), 201);
            }
        }
        async Task<(List<string> Ids, bool HasMore, string? Next)> PageAsync(string query)
        {
            var data = (await Http.ReadAsync(await client.GetAsync($"/api/v1/transactions?account={a}&limit=3{query}"), 200)).GetProperty("data");
            var ids = data.GetProperty("items").EnumerateArray()
                .Select(x => x.GetProperty("type").GetString() == "deposit" ? x.GetProperty("deposit_id").GetString()! : x.GetProperty("transfer_id").GetString()!)
                .ToList();
            return (ids, data.GetProperty("has_more").GetBoolean(), data.TryGetProperty("next_cursor", out var c) ? c.GetString() : null);
        }

        var forward = new List<List<string>>();
        string? cursor = null;
        for (var pageNo = 0; pageNo < 10; pageNo++)
        {
            var page = await PageAsync(cursor is null ? "" : $"&starting_after={cursor}");
            forward.Add(page.Ids);
            if (!page.HasMore)
            {
                break;
            }
            cursor = page.Next;
        }
        var all = forward.SelectMany(p => p).ToList();
        Assert.Equal(7, all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal("dttddtd", new string(all.Select(id => id.StartsWith("dep_", StringComparison.Ordinal) ? 'd' : 't').Reverse().ToArray()));

        // Back from the last item: everything before it, in order, each once.
        var backward = new List<string>();
        cursor = all[^1];
        for (var pageNo = 0; pageNo < 10; pageNo++)
        {
            var page = await PageAsync($"&ending_before={cursor}");
            Assert.InRange(page.Ids.Count, 1, 3);
            backward.InsertRange(0, page.Ids);
            if (!page.HasMore)
            {
                break;
            }
            Assert.Equal(page.Ids[0], page.Next);
            cursor = page.Next;
        }
        Assert.Equal(all[..^1], backward);
        // ending_before the first item of a forward page is exactly the forward page before it, whichever kind it is.
        for (var p = 1; p < forward.Count; p++)
        {
            Assert.Equal(forward[p - 1], (await PageAsync($"&ending_before={forward[p][0]}")).Ids);
        }
        // Nothing is newer than the newest.
        var none = await PageAsync($"&ending_before={all[0]}");
        Assert.Equal((0, false), (none.Ids.Count, none.HasMore));
    }
}
