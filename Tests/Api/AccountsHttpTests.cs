using System.Net;
using System.Text.Json;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class AccountsHttpTests(ApiFixture fixture)
{
    private ApiFactory Factory => fixture.Factory;

    [Fact]
    public async Task Register_create_list_get_balances()
    {
        var (client, _, key) = await Factory.NewDeveloperAsync();
        Assert.StartsWith("sk_test_", key);

        var account = await Http.CreateAccountAsync(client, "stellar", "ZA", "merchant");
        var id = account.GetProperty("id").GetString()!;
        Assert.StartsWith("acc_", id);
        Assert.Equal("southern_africa", account.GetProperty("region").GetString());
        var wallet = account.GetProperty("wallets")[0];
        Assert.StartsWith("G", wallet.GetProperty("address").GetString());
        Assert.False(wallet.TryGetProperty("secret", out _));

        var list = await Read(await client.GetAsync("/api/v1/accounts"), 200);
        var items = list.GetProperty("data").GetProperty("items");
        Assert.Equal(id, Assert.Single(items.EnumerateArray()).GetProperty("id").GetString());
        Assert.False(list.GetProperty("data").GetProperty("has_more").GetBoolean());

        var got = await Read(await client.GetAsync($"/api/v1/accounts/{id}"), 200);
        Assert.Equal(id, got.GetProperty("data").GetProperty("id").GetString());

        var balances = (await Read(await client.GetAsync($"/api/v1/accounts/{id}/balances"), 200)).GetProperty("data");
        var xlm = balances.EnumerateArray().Single(b => b.GetProperty("asset_code").GetString() == "XLM");
        Assert.Equal("10000.0000000", xlm.GetProperty("balance").GetString());
        Assert.Equal(JsonValueKind.String, xlm.GetProperty("balance").ValueKind);
    }

    [Fact]
    public async Task X_API_Key_header_works_too()
    {
        var (_, _, key) = await Factory.NewDeveloperAsync();
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        await Read(await client.GetAsync("/api/v1/accounts"), 200);
    }

    [Fact]
    public async Task A_hedera_wallet_can_be_added_once()
    {
        var (client, _, _) = await Factory.NewDeveloperAsync();
        var id = (await Http.CreateAccountAsync(client)).GetProperty("id").GetString();
        // Read first, so the account's view (one wallet) sits in this instance's read cache.
        Assert.Equal(1, (await Read(await client.GetAsync($"/api/v1/accounts/{id}"), 200)).GetProperty("data").GetProperty("wallets").GetArrayLength());
        var wallet = (await Read(await client.PostAsync($"/api/v1/accounts/{id}/wallets", ApiFactory.Json(new { network = "hedera" })), 201)).GetProperty("data");
        // Read-your-writes: the new wallet shows at once, not after the cache entry expires.
        Assert.Equal(2, (await Read(await client.GetAsync($"/api/v1/accounts/{id}"), 200)).GetProperty("data").GetProperty("wallets").GetArrayLength());
        Assert.Matches(@"^0\.0\.\d+$", wallet.GetProperty("address").GetString());
        await Http.ErrorAsync(await client.PostAsync($"/api/v1/accounts/{id}/wallets", ApiFactory.Json(new { network = "hedera" })), 409, "CONFLICT");
        var wallets = (await Read(await client.GetAsync($"/api/v1/accounts/{id}/wallets"), 200)).GetProperty("data");
        Assert.Equal(2, wallets.GetArrayLength());
    }

    [Fact]
    public async Task Another_developers_account_is_a_404_everywhere()
    {
        var (owner, _, _) = await Factory.NewDeveloperAsync();
        var (stranger, _, _) = await Factory.NewDeveloperAsync();
        var id = (await Http.CreateAccountAsync(owner)).GetProperty("id").GetString();
        // The owner's read puts the view in the read cache: a cache hit must still check the owner.
        await Read(await owner.GetAsync($"/api/v1/accounts/{id}"), 200);

        await Http.ErrorAsync(await stranger.GetAsync($"/api/v1/accounts/{id}"), 404, "NOT_FOUND");
        await Http.ErrorAsync(await stranger.GetAsync($"/api/v1/accounts/{id}/balances"), 404, "NOT_FOUND");
        await Http.ErrorAsync(await stranger.GetAsync($"/api/v1/accounts/{id}/wallets"), 404, "NOT_FOUND");
        await Http.ErrorAsync(await stranger.PostAsync($"/api/v1/accounts/{id}/wallets", ApiFactory.Json(new { network = "hedera" })), 404, "NOT_FOUND");
        var list = await Read(await stranger.GetAsync("/api/v1/accounts"), 200);
        Assert.Equal(0, list.GetProperty("data").GetProperty("items").GetArrayLength());
        await Http.ErrorAsync(await owner.GetAsync("/api/v1/accounts/acc_doesnotexist"), 404, "NOT_FOUND");
    }

    [Fact]
    public async Task Missing_wrong_or_malformed_keys_are_401()
    {
        var anonymous = Factory.CreateClient();
        await Http.ErrorAsync(await anonymous.GetAsync("/api/v1/accounts"), 401, "UNAUTHORIZED");

        var (_, _, key) = await Factory.NewDeveloperAsync();
        foreach (var bad in new[] { key[..^1] + (key[^1] == 'a' ? 'b' : 'a'), "sk_test_nonsense", key.Replace("sk_test_", "sk_live_") })
        {
            var client = Factory.CreateClient();
            client.DefaultRequestHeaders.Add("Authorization", "Bearer " + bad);
            await Http.ErrorAsync(await client.GetAsync("/api/v1/accounts"), 401, "UNAUTHORIZED");
        }
    }

    [Fact]
    public async Task Pages_follow_cursors_newest_first()
    {
        var (client, _, _) = await Factory.NewDeveloperAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await Http.CreateAccountAsync(client, i % 2 == 0 ? "stellar" : "hedera")).GetProperty("id").GetString()!);
        }
        ids.Reverse();
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var url = "/api/v1/accounts?limit=2" + (cursor is null ? "" : "&starting_after=" + cursor);
            var data = (await Read(await client.GetAsync(url), 200)).GetProperty("data");
            seen.AddRange(data.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()!));
            cursor = data.GetProperty("has_more").GetBoolean() ? data.GetProperty("next_cursor").GetString() : null;
        }
        while (cursor is not null);
        Assert.Equal(ids, seen);

        var hedera = (await Read(await client.GetAsync("/api/v1/accounts?network=hedera"), 200)).GetProperty("data").GetProperty("items");
        Assert.Equal(2, hedera.GetArrayLength());
    }

    [Fact]
    public async Task Health_openapi_and_docs_are_served()
    {
        var client = Factory.CreateClient();
        await Read(await client.GetAsync("/health"), 200);
        var ready = await Read(await client.GetAsync("/health/ready"), 200);
        Assert.Equal("ready", ready.GetProperty("data").GetProperty("status").GetString());
        var openapi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/accounts/create", openapi);
        var docs = await client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("<html", await docs.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private static Task<JsonElement> Read(HttpResponseMessage response, int status) =>
        Http.ReadAsync(response, status);
}
