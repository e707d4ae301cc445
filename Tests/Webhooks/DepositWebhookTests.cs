using System.Text.Json;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Webhooks;

/// <summary>An inbound payment reaches a developer's endpoint the way every other event does (embedded mode).</summary>
[Collection(WebhooksCollection.Name)]
public sealed class DepositWebhookTests(WebhooksApiFixture fixture)
{
    [Fact]
    public async Task A_sandbox_deposit_reaches_a_webhook_endpoint_as_deposit_received_and_shows_in_balances_and_lists()
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var path = $"/deposit/{Guid.NewGuid():N}";
        var (_, secret) = await WebhookDeliveryHttpTests.CreateEndpointAsync(client, fixture.Receiver.Url(path), "deposit.received");
        var account = (await Http.CreateAccountAsync(client, "stellar", "GH")).GetProperty("id").GetString()!;
        var before = await XlmAsync(client, account);

        var deposit = (await Http.ReadAsync(await client.PostAsync("/api/v1/sandbox/deposit",
            ApiFactory.Json(new { account_id = account, asset_code = "XLM", amount = "25.5" })), 201)).GetProperty("data");
        var depositId = deposit.GetProperty("id").GetString()!;

        var got = (await fixture.Receiver.WaitForAsync(r => r.Any(x => x.Path == path))).Single(r => r.Path == path);
        var body = JsonDocument.Parse(got.Body).RootElement;
        Assert.Equal("deposit.received", body.GetProperty("type").GetString());
        var delivered = body.GetProperty("data").GetProperty("object");
        Assert.Equal(depositId, delivered.GetProperty("id").GetString());
        Assert.Equal(account, delivered.GetProperty("account_id").GetString());
        Assert.Equal("25.5000000", delivered.GetProperty("amount").GetString());
        Assert.True(await SpecVerifier.VerifiesAsync(secret, got.Headers, got.Body), "the delivery verifies");

        Assert.Equal(before + 25.5m, await XlmAsync(client, account));
        var listed = (await Http.ReadAsync(await client.GetAsync($"/api/v1/accounts/{account}/deposits"), 200)).GetProperty("data").GetProperty("items");
        Assert.Equal([depositId], listed.EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        var events = (await Http.ReadAsync(await client.GetAsync("/api/v1/events?type=deposit.received"), 200)).GetProperty("data").GetProperty("items");
        Assert.Equal([got.Id], events.EnumerateArray().Select(e => e.GetProperty("id").GetString()));
    }

    private static async Task<decimal> XlmAsync(HttpClient client, string account)
    {
        var balances = (await Http.ReadAsync(await client.GetAsync($"/api/v1/accounts/{account}/balances"), 200)).GetProperty("data");
        return balances.EnumerateArray().Where(b => b.GetProperty("asset_code").GetString() == "XLM")
            .Select(b => decimal.Parse(b.GetProperty("balance").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).Sum();
    }
}
