using System.Text;
using System.Text.Json;
using Rowell.Tests.Api;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Money;

/// <summary>
/// Every amount the API reads goes through one grammar, and every refusal is a 400 naming the field — never
/// a 5xx, never a balance that moved. The bodies are written by hand so the exact bytes reach the parser.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AmountHttpTests(ApiFixture fixture)
{
    /// <summary>Amounts as raw JSON values (the text between the colon and the closing brace).</summary>
    public static TheoryData<string> MalformedAmounts => new()
    {
        "\"12\\n\"",            // a trailing newline: the old pattern's '$' let it through, then decimal.Parse threw (500)
        "\"12.5\\n\"",
        "\" 12\"", "\"12 \"", "\"1 2\"", "\"\\t1\"", "\"1\\u0000\"",
        "\"+1\"", "\"-1\"", "\"-0\"", "\"1e3\"", "\"1E-2\"", "\"0x10\"",
        "\"1.\"", "\".5\"", "\"1..2\"", "\"1.2.3\"", "\"\"", "\".\"",
        "\"NaN\"", "\"Infinity\"", "\"1,5\"", "\"١٢\"", "\"１２\"", "\"12\\u00a0\"",
        "\"99999999999999999999\"",                 // 20 integer digits
        "\"1.0000000001\"",                         // 10 significant decimals
        "\"" + new string('1', 80) + "\"",
        "12", "12.5", "1e400", "true", "null", "[]", "{}", "\"\\ud800\"",
    };

    [Theory]
    [MemberData(nameof(MalformedAmounts))]
    public async Task A_malformed_transfer_amount_is_a_400_on_amount_and_moves_nothing(string amount)
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var from = (await Http.CreateAccountAsync(client)).GetProperty("id").GetString()!;
        var to = (await Http.CreateAccountAsync(client)).GetProperty("id").GetString()!;
        var body = $"{{\"from_account\":\"{from}\",\"to_account\":\"{to}\",\"asset_code\":\"XLM\",\"amount\":{amount}}}";

        var response = await client.PostAsync("/api/v1/transfers", new StringContent(body, Encoding.UTF8, "application/json"));
        var error = await Http.ErrorAsync(response, 400, "VALIDATION_ERROR");
        Assert.Equal("amount", error.GetProperty("details").GetProperty("field").GetString());
        Assert.Equal("10000.0000000", await XlmAsync(client, from));
    }

    [Theory]
    [MemberData(nameof(MalformedAmounts))]
    public async Task A_malformed_sandbox_fund_amount_is_a_400_on_amount(string amount)
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var account = (await Http.CreateAccountAsync(client)).GetProperty("id").GetString()!;
        var body = $"{{\"account_id\":\"{account}\",\"asset_code\":\"XLM\",\"amount\":{amount}}}";

        var response = await client.PostAsync("/api/v1/sandbox/fund", new StringContent(body, Encoding.UTF8, "application/json"));
        var error = await Http.ErrorAsync(response, 400, "VALIDATION_ERROR");
        Assert.Equal("amount", error.GetProperty("details").GetProperty("field").GetString());
        Assert.Equal("10000.0000000", await XlmAsync(client, account));
    }

    [Theory]
    [InlineData("922337203685.4775807")] // int64 stroops exactly: amount + fee overflowed and the payer went deep negative
    [InlineData("922337203685.4775708")] // one stroop past the maximum that leaves room for the 100-stroop fee
    [InlineData("9223372036854775807")]
    public async Task An_amount_past_the_assets_int64_maximum_with_the_fee_is_a_400_on_amount(string amount)
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var from = (await Http.CreateAccountAsync(client)).GetProperty("id").GetString()!;
        var to = (await Http.CreateAccountAsync(client)).GetProperty("id").GetString()!;
        var response = await client.PostAsync("/api/v1/transfers", ApiFactory.Json(new { from_account = from, to_account = to, asset_code = "XLM", amount }));
        var error = await Http.ErrorAsync(response, 400, "VALIDATION_ERROR");
        Assert.Equal("amount", error.GetProperty("details").GetProperty("field").GetString());
        Assert.Equal("10000.0000000", await XlmAsync(client, from));
        Assert.Equal("10000.0000000", await XlmAsync(client, to));
    }

    [Fact]
    public async Task The_largest_allowed_amount_is_refused_only_for_funds_and_moves_nothing()
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var from = (await Http.CreateAccountAsync(client)).GetProperty("id").GetString()!;
        var to = (await Http.CreateAccountAsync(client)).GetProperty("id").GetString()!;
        var response = await client.PostAsync("/api/v1/transfers", ApiFactory.Json(new { from_account = from, to_account = to, asset_code = "XLM", amount = "922337203685.4775707" }));
        await Http.ErrorAsync(response, 402, "INSUFFICIENT_FUNDS");
        Assert.Equal("10000.0000000", await XlmAsync(client, from));
        Assert.Equal("10000.0000000", await XlmAsync(client, to));
    }

    [Fact]
    public async Task Transfer_metadata_follows_the_account_metadata_rules()
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var from = (await Http.CreateAccountAsync(client)).GetProperty("id").GetString()!;
        var to = (await Http.CreateAccountAsync(client)).GetProperty("id").GetString()!;
        var tooMany = Enumerable.Range(0, 51).ToDictionary(i => $"k{i}", i => "v");
        var longValue = new Dictionary<string, string> { ["note"] = new string('x', 501) };
        var longKey = new Dictionary<string, string> { [new string('k', 41)] = "v" };
        foreach (var metadata in new[] { tooMany, longValue, longKey })
        {
            var response = await client.PostAsync("/api/v1/transfers", ApiFactory.Json(new { from_account = from, to_account = to, asset_code = "XLM", amount = "1", metadata }));
            var error = await Http.ErrorAsync(response, 400, "VALIDATION_ERROR");
            Assert.StartsWith("metadata", error.GetProperty("details").GetProperty("field").GetString());
        }
        Assert.Equal("10000.0000000", await XlmAsync(client, from));
    }

    private static async Task<string> XlmAsync(HttpClient client, string account)
    {
        var data = (await Http.ReadAsync(await client.GetAsync($"/api/v1/accounts/{account}/balances"), 200)).GetProperty("data");
        var list = data.ValueKind == JsonValueKind.Array ? data : data.GetProperty("balances");
        return list.EnumerateArray().Single(b => b.GetProperty("asset_code").GetString() == "XLM").GetProperty("balance").GetString()!;
    }
}
