using System.Net.Http.Json;
using System.Text.Json;
using Rowell.Grains.Compliance;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Compliance;

/// <summary>One embedded API with the production compliance defaults (1,000 USD unverified daily limit, hold from risk 70, the sample list).</summary>
public sealed class ComplianceApiFixture : IAsyncLifetime
{
    public ApiFactory Factory { get; } = new(TestSettings.Embedded() with { Compliance = new ComplianceSettings() });

    public Task InitializeAsync()
    {
        Factory.CreateClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

public static class ComplianceHttp
{
    public static async Task<JsonElement> PostAsync(HttpClient client, string url, object body, int expected)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = ApiFactory.Json(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        return await Http.ReadAsync(await client.SendAsync(request), expected);
    }

    public static async Task<JsonElement> PatchAsync(HttpClient client, string url, object body, int expected) =>
        await Http.ReadAsync(await client.PatchAsync(url, ApiFactory.Json(body)), expected);

    public static async Task<JsonElement> GetDataAsync(HttpClient client, string url) =>
        (await Http.ReadAsync(await client.GetAsync(url), 200)).GetProperty("data");

    public static async Task<JsonElement> VerifyAsync(HttpClient client, string accountId, string first, string last, string dob,
        string type, string number, string country, int expected = 201) =>
        await PostAsync(client, "/api/v1/compliance/verify-id", new
        {
            account_id = accountId, verification_type = "individual", first_name = first, last_name = last, date_of_birth = dob,
            document_type = type, document_number = number, document_country = country,
        }, expected);

    public static async Task<JsonElement> TransferAsync(HttpClient client, string from, string to, string amount, object? metadata = null, int expected = 201) =>
        await PostAsync(client, "/api/v1/transfers", metadata is null
            ? new { from_account = from, to_account = to, asset_code = "XLM", amount }
            : new { from_account = from, to_account = to, asset_code = "XLM", amount, metadata }, expected);

    public static async Task<string> WaitForStatusAsync(HttpClient client, string transferId, string status)
    {
        var current = "";
        for (var i = 0; i < 200 && current != status; i++)
        {
            current = (await GetDataAsync(client, $"/api/v1/transfers/{transferId}/status")).GetProperty("status").GetString()!;
            if (current != status)
            {
                await Task.Delay(50);
            }
        }
        return current;
    }

    public static async Task<decimal> BalanceAsync(HttpClient client, string accountId)
    {
        var balances = await GetDataAsync(client, $"/api/v1/accounts/{accountId}/balances");
        return decimal.Parse(balances.EnumerateArray().Single(b => b.GetProperty("asset_code").GetString() == "XLM").GetProperty("balance").GetString()!,
            System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<string> KeyIdAsync(HttpClient client) =>
        (await GetDataAsync(client, "/api/v1/developers/me/api-keys"))[0].GetProperty("id").GetString()!;
}

[CollectionDefinition(Name)]
public sealed class ComplianceApiCollection : ICollectionFixture<ComplianceApiFixture>
{
    public const string Name = "compliance-api";
}
