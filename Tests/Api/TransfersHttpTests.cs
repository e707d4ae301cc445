using System.Net.Http.Headers;
using System.Text.Json;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class TransfersHttpTests(ApiFixture fixture)
{
    private ApiFactory Factory => fixture.Factory;

    private static HttpRequestMessage Post(string url, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = ApiFactory.Json(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return request;
    }

    private async Task<(HttpClient Client, string From, string To)> TwoAccountsAsync()
    {
        var (client, _, _) = await Factory.NewDeveloperAsync();
        var from = (await Http.CreateAccountAsync(client, "stellar", "NG")).GetProperty("id").GetString()!;
        var to = (await Http.CreateAccountAsync(client, "stellar", "KE")).GetProperty("id").GetString()!;
        return (client, from, to);
    }

    [Fact]
    public async Task Create_then_read_it_every_way()
    {
        var (client, from, to) = await TwoAccountsAsync();
        var created = (await Http.ReadAsync(await client.SendAsync(Post("/api/v1/transfers/create",
            new { from_account = from, to_account = to, asset_code = "XLM", amount = "25.5", memo = "invoice 7" })), 201)).GetProperty("data");
        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("tr_", id);
        Assert.Equal("25.5000000", created.GetProperty("amount").GetString());
        Assert.Equal("0.0000100", created.GetProperty("fee").GetString());
        Assert.Equal("NG", created.GetProperty("from_country").GetString());
        Assert.Equal("KE", created.GetProperty("to_country").GetString());
        Assert.Equal("approved", created.GetProperty("compliance").GetProperty("status").GetString());

        var status = "";
        for (var i = 0; i < 100 && status != "completed"; i++)
        {
            await Task.Delay(50);
            status = (await Http.ReadAsync(await client.GetAsync($"/api/v1/transfers/{id}/status"), 200)).GetProperty("data").GetProperty("status").GetString()!;
        }
        Assert.Equal("completed", status);
        var transfer = (await Http.ReadAsync(await client.GetAsync($"/api/v1/transfers/{id}"), 200)).GetProperty("data");
        var hash = transfer.GetProperty("transaction_hash").GetString()!;
        var events = (await Http.ReadAsync(await client.GetAsync($"/api/v1/transfers/{id}/events"), 200)).GetProperty("data");
        Assert.Equal(["transfer.created", "transfer.submitted", "transfer.completed"], events.EnumerateArray().Select(e => e.GetProperty("type").GetString()));

        var tx = (await Http.ReadAsync(await client.GetAsync($"/api/v1/transactions/{hash}"), 200)).GetProperty("data");
        Assert.Equal("success", tx.GetProperty("status").GetString());
        Assert.Equal(id, tx.GetProperty("transfer_id").GetString());
        var byAccount = (await Http.ReadAsync(await client.GetAsync($"/api/v1/transactions?account={to}"), 200)).GetProperty("data").GetProperty("items");
        Assert.Equal(hash, byAccount[0].GetProperty("hash").GetString());
        var corridor = (await Http.ReadAsync(await client.GetAsync("/api/v1/transactions/corridor/NG/KE"), 200)).GetProperty("data").GetProperty("items");
        Assert.Equal(1, corridor.GetArrayLength());
        var list = (await Http.ReadAsync(await client.GetAsync("/api/v1/transfers?status=completed&asset_code=XLM"), 200)).GetProperty("data").GetProperty("items");
        Assert.Equal(id, list[0].GetProperty("id").GetString());

        await Http.ErrorAsync(await client.SendAsync(Post($"/api/v1/transfers/{id}/retry", new { })), 409, "CONFLICT");
        var (stranger, _, _) = await Factory.NewDeveloperAsync();
        await Http.ErrorAsync(await stranger.GetAsync($"/api/v1/transfers/{id}"), 404, "NOT_FOUND");
        await Http.ErrorAsync(await stranger.GetAsync($"/api/v1/transactions/{hash}"), 404, "NOT_FOUND");
    }

    // Placeholders that cannot occur inside a base62 id (a plain "TO" can, and once did).
    public static TheoryData<string, string> BadTransfers => new()
    {
        { """{"to_account":"@TO@","asset_code":"XLM","amount":"1"}""", "from_account" },
        { """{"from_account":"@FROM@","to_account":"@TO@","asset_code":"XLM","amount":1}""", "amount" },
        { """{"from_account":"@FROM@","to_account":"@TO@","asset_code":"XLM","amount":"1e3"}""", "amount" },
        { """{"from_account":"@FROM@","to_account":"@TO@","asset_code":"XLM","amount":"abc"}""", "amount" },
        { """{"from_account":"@FROM@","to_account":"@TO@","asset_code":"XLM","amount":"0"}""", "amount" },
        { """{"from_account":"@FROM@","to_account":"@TO@","asset_code":"XLM","amount":"-5"}""", "amount" },
        { """{"from_account":"@FROM@","to_account":"@TO@","asset_code":"XLM","amount":"1.12345678"}""", "amount" },
        { """{"from_account":"@FROM@","to_account":"@TO@","asset_code":"DOGE","amount":"1"}""", "asset_code" },
        { """{"from_account":"@FROM@","to_account":"@FROM@","asset_code":"XLM","amount":"1"}""", "to_account" },
        { """{"from_account":"@FROM@","to_account":"@TO@","asset_code":"XLM","amount":"1","to_country":"US"}""", "to_country" },
        { """{"from_account":"@FROM@","to_account":"@TO@","asset_code":"XLM","amount":"1","fee":"0"}""", "fee" },
    };

    [Theory]
    [MemberData(nameof(BadTransfers))]
    public async Task Bad_transfers_are_400_with_the_field_and_move_nothing(string template, string field)
    {
        var (client, from, to) = await TwoAccountsAsync();
        var response = await client.PostAsync("/api/v1/transfers", ApiFactory.Raw(template.Replace("@FROM@", from).Replace("@TO@", to)));
        var error = await Http.ErrorAsync(response, 400, "VALIDATION_ERROR");
        Assert.Equal(field, error.GetProperty("details").GetProperty("field").GetString());
        var balance = (await Http.ReadAsync(await client.GetAsync($"/api/v1/accounts/{from}/balances"), 200)).GetProperty("data")
            .EnumerateArray().Single(b => b.GetProperty("asset_code").GetString() == "XLM").GetProperty("balance").GetString();
        Assert.Equal("10000.0000000", balance);
        Assert.Equal(0, (await Http.ReadAsync(await client.GetAsync("/api/v1/transfers"), 200)).GetProperty("data").GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Insufficient_funds_is_402_and_another_developers_source_is_404()
    {
        var (client, from, to) = await TwoAccountsAsync();
        var error = await Http.ErrorAsync(await client.SendAsync(Post("/api/v1/transfers", new { from_account = from, to_account = to, asset_code = "USDC", amount = "1000.0000001" })), 402, "INSUFFICIENT_FUNDS");
        Assert.StartsWith("tr_", error.GetProperty("details").GetProperty("transfer_id").GetString());
        var (stranger, _, _) = await Factory.NewDeveloperAsync();
        await Http.ErrorAsync(await stranger.SendAsync(Post("/api/v1/transfers", new { from_account = from, to_account = to, asset_code = "XLM", amount = "1" })), 404, "NOT_FOUND");
    }

    [Fact]
    public async Task Fifty_concurrent_requests_with_one_key_make_one_transfer_and_fifty_identical_responses()
    {
        var (client, from, to) = await TwoAccountsAsync();
        var key = Guid.NewGuid().ToString();
        var body = new { from_account = from, to_account = to, asset_code = "XLM", amount = "3.25" };
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.SendAsync(Post("/api/v1/transfers", body, key))));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(responses, r => Assert.Equal(201, (int)r.StatusCode));
        Assert.Single(bodies.Distinct());
        Assert.True(responses.Count(r => r.Headers.Contains("Idempotent-Replayed")) >= 49);

        var list = (await Http.ReadAsync(await client.GetAsync("/api/v1/transfers"), 200)).GetProperty("data").GetProperty("items");
        Assert.Equal(1, list.GetArrayLength());
        Assert.Equal(JsonDocument.Parse(bodies[0]).RootElement.GetProperty("data").GetProperty("id").GetString(), list[0].GetProperty("id").GetString());

        // Later: same key and body → the same response, replayed; same key, other body → 409.
        var replay = await client.SendAsync(Post("/api/v1/transfers", body, key));
        Assert.Equal(bodies[0], await replay.Content.ReadAsStringAsync());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        await Http.ErrorAsync(await client.SendAsync(Post("/api/v1/transfers", new { from_account = from, to_account = to, asset_code = "XLM", amount = "9" }, key)), 409, "IDEMPOTENCY_KEY_REUSED");
        var xlm = (await Http.ReadAsync(await client.GetAsync($"/api/v1/accounts/{from}/balances"), 200)).GetProperty("data")
            .EnumerateArray().Single(b => b.GetProperty("asset_code").GetString() == "XLM").GetProperty("balance").GetString();
        Assert.Equal("9996.7499900", xlm);
    }

    [Fact]
    public async Task Account_creation_honours_idempotency_keys_too()
    {
        var (client, _, _) = await Factory.NewDeveloperAsync();
        var body = new { network = "hedera", environment = "testnet", account_type = "merchant", country_code = "GH" };
        var first = await client.SendAsync(Post("/api/v1/accounts", body, "acct-1"));
        var second = await client.SendAsync(Post("/api/v1/accounts", body, "acct-1"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(1, (await Http.ReadAsync(await client.GetAsync("/api/v1/accounts"), 200)).GetProperty("data").GetProperty("items").GetArrayLength());
        await Http.ErrorAsync(await client.SendAsync(Post("/api/v1/accounts", new { network = "stellar", environment = "testnet", account_type = "merchant", country_code = "GH" }, "acct-1")), 409, "IDEMPOTENCY_KEY_REUSED");
        var bad = new HttpRequestMessage(HttpMethod.Post, "/api/v1/accounts") { Content = ApiFactory.Json(body) };
        bad.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', 300));
        await Http.ErrorAsync(await client.SendAsync(bad), 400, "VALIDATION_ERROR");
    }
}
