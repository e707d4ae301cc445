using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rowell.Api.Auth;
using Rowell.Api.RateLimiting;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Platform;

[Collection(PlatformCollection.Name)]
public sealed class ApiKeyLifecycleTests(PlatformFixture fixture)
{
    private ApiFactory Factory => fixture.Factory;

    [Fact]
    public async Task Keys_are_created_listed_without_secrets_and_revoked()
    {
        var (client, _, firstKey) = await Factory.NewDeveloperAsync();
        var (id, secret) = await PlatformClient.CreateKeyAsync(client, "live", ["accounts:read"]);
        Assert.StartsWith("sk_live_", secret);
        Assert.StartsWith("key_", id);

        var listText = await (await client.GetAsync("/api/v1/developers/me/api-keys")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, listText);
        Assert.DoesNotContain(firstKey, listText);
        var list = (await Http.ReadAsync(await client.GetAsync("/api/v1/developers/me/api-keys"), 200)).GetProperty("data");
        Assert.Equal(2, list.GetArrayLength());
        var created = list.EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);
        Assert.Equal("live", created.GetProperty("mode").GetString());
        Assert.Equal("active", created.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, created.GetProperty("secret").ValueKind);
        Assert.Equal(new[] { "accounts:read" }, created.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()!).ToArray());

        var live = Factory.WithKey(secret);
        await Http.ReadAsync(await live.GetAsync("/api/v1/accounts"), 200);

        var revoked = (await Http.ReadAsync(await client.DeleteAsync($"/api/v1/developers/me/api-keys/{id}"), 200)).GetProperty("data");
        Assert.Equal("revoked", revoked.GetProperty("status").GetString());
        await PollUntil401(live, TimeSpan.FromSeconds(5));

        // Another developer cannot see or revoke it; unknown ids are 404.
        var (stranger, _, _) = await Factory.NewDeveloperAsync();
        await Http.ErrorAsync(await stranger.DeleteAsync($"/api/v1/developers/me/api-keys/{id}"), 404, "NOT_FOUND");
        await Http.ErrorAsync(await client.DeleteAsync("/api/v1/developers/me/api-keys/key_nope"), 404, "NOT_FOUND");
    }

    [Fact]
    public async Task Bad_key_requests_are_validation_errors()
    {
        var (client, _, _) = await Factory.NewDeveloperAsync();
        async Task Invalid(object body, string field)
        {
            var error = await Http.ErrorAsync(await client.PostAsync("/api/v1/developers/me/api-keys", ApiFactory.Json(body)), 400, "VALIDATION_ERROR");
            Assert.Equal(field, error.GetProperty("details").GetProperty("field").GetString());
        }
        await Invalid(new { name = "x", mode = "prod" }, "mode");
        await Invalid(new { mode = "test" }, "name");
        await Invalid(new { name = "x", mode = "test", permissions = new[] { "accounts:delete" } }, "permissions");
        await Invalid(new { name = "x", mode = "test", permissions = Array.Empty<string>() }, "permissions");
        await Invalid(new { name = "x", mode = "test", expires_at = "2001-01-01T00:00:00Z" }, "expires_at");
        await Invalid(new { name = "x", mode = "test", expires_at = "tomorrow" }, "expires_at");
    }

    [Fact]
    public async Task An_expired_key_is_401()
    {
        var (client, _, _) = await Factory.NewDeveloperAsync();
        var (_, secret) = await PlatformClient.CreateKeyAsync(client, "test", expiresAt: DateTimeOffset.UtcNow.AddSeconds(2));
        var expiring = Factory.WithKey(secret);
        await Http.ReadAsync(await expiring.GetAsync("/api/v1/developers/me"), 200);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        // Even the principal cached a moment ago must not outlive the expiry.
        await Http.ErrorAsync(await expiring.GetAsync("/api/v1/developers/me"), 401, "UNAUTHORIZED");
        var list = (await Http.ReadAsync(await client.GetAsync("/api/v1/developers/me/api-keys"), 200)).GetProperty("data");
        Assert.Contains(list.EnumerateArray(), k => k.GetProperty("status").GetString() == "expired");
    }

    [Fact]
    public async Task A_read_only_key_is_403_on_create_and_cannot_mint_a_broader_key()
    {
        var (client, _, _) = await Factory.NewDeveloperAsync();
        var account = await PlatformClient.CreateAccountAsync(client, "testnet");
        var (_, secret) = await PlatformClient.CreateKeyAsync(client, "test", ["accounts:read"]);
        var reader = Factory.WithKey(secret);

        var error = await Http.ErrorAsync(await reader.PostAsync("/api/v1/accounts", ApiFactory.Json(new { network = "stellar", environment = "testnet", account_type = "user", country_code = "KE" })), 403, "FORBIDDEN");
        Assert.Contains("accounts:write", error.GetProperty("message").GetString());
        await Http.ErrorAsync(await reader.PostAsync($"/api/v1/accounts/{account.GetProperty("id").GetString()}/wallets", ApiFactory.Json(new { network = "hedera" })), 403, "FORBIDDEN");
        await Http.ErrorAsync(await reader.PostAsync("/api/v1/sandbox/reset", null), 403, "FORBIDDEN");
        await Http.ReadAsync(await reader.GetAsync($"/api/v1/accounts/{account.GetProperty("id").GetString()}"), 200);

        await Http.ErrorAsync(await reader.PostAsync("/api/v1/developers/me/api-keys", ApiFactory.Json(new { name = "escalate", mode = "test", permissions = new[] { "accounts:write" } })), 403, "FORBIDDEN");
        // Without a list, a new key gets what the caller holds, never more.
        var (_, narrow) = await PlatformClient.CreateKeyAsync(reader, "test");
        await Http.ErrorAsync(await Factory.WithKey(narrow).PostAsync("/api/v1/accounts", ApiFactory.Json(new { network = "stellar", environment = "testnet", account_type = "user", country_code = "KE" })), 403, "FORBIDDEN");
    }

    [Fact]
    public async Task Test_keys_see_testnet_only_and_live_keys_mainnet_only()
    {
        var (testClient, _, _) = await Factory.NewDeveloperAsync();
        var (_, liveSecret) = await PlatformClient.CreateKeyAsync(testClient, "live");
        var liveClient = Factory.WithKey(liveSecret);

        var mainnet = (await PlatformClient.CreateAccountAsync(liveClient, "mainnet")).GetProperty("id").GetString()!;
        var testnet = (await PlatformClient.CreateAccountAsync(testClient, "testnet")).GetProperty("id").GetString()!;

        var error = await Http.ErrorAsync(await testClient.GetAsync($"/api/v1/accounts/{mainnet}"), 403, "FORBIDDEN");
        Assert.Contains("test key", error.GetProperty("message").GetString());
        Assert.Contains("mainnet", error.GetProperty("message").GetString());
        await Http.ErrorAsync(await testClient.GetAsync($"/api/v1/accounts/{mainnet}/balances"), 403, "FORBIDDEN");
        await Http.ErrorAsync(await testClient.PostAsync("/api/v1/accounts", ApiFactory.Json(new { network = "stellar", environment = "mainnet", account_type = "user", country_code = "KE" })), 403, "FORBIDDEN");
        await Http.ErrorAsync(await liveClient.GetAsync($"/api/v1/accounts/{testnet}"), 403, "FORBIDDEN");
        await Http.ErrorAsync(await liveClient.PostAsync("/api/v1/accounts", ApiFactory.Json(new { network = "stellar", environment = "testnet", account_type = "user", country_code = "KE" })), 403, "FORBIDDEN");
        await Http.ErrorAsync(await testClient.GetAsync("/api/v1/accounts?environment=mainnet"), 403, "FORBIDDEN");

        // Lists show the key's own environment only.
        var testList = (await Http.ReadAsync(await testClient.GetAsync("/api/v1/accounts"), 200)).GetProperty("data").GetProperty("items");
        Assert.Equal(new[] { testnet }, testList.EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToArray());
        var liveList = (await Http.ReadAsync(await liveClient.GetAsync("/api/v1/accounts"), 200)).GetProperty("data").GetProperty("items");
        Assert.Equal(new[] { mainnet }, liveList.EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToArray());

        // Transfers and their transactions are scoped the same way.
        var mainnet2 = (await PlatformClient.CreateAccountAsync(liveClient, "mainnet")).GetProperty("id").GetString()!;
        var testnet2 = (await PlatformClient.CreateAccountAsync(testClient, "testnet")).GetProperty("id").GetString()!;
        var liveTransfer = (await Http.ReadAsync(await liveClient.PostAsync("/api/v1/transfers", ApiFactory.Json(new { from_account = mainnet, to_account = mainnet2, asset_code = "XLM", amount = "1" })), 201)).GetProperty("data");
        var testTransfer = (await Http.ReadAsync(await testClient.PostAsync("/api/v1/transfers", ApiFactory.Json(new { from_account = testnet, to_account = testnet2, asset_code = "XLM", amount = "1" })), 201)).GetProperty("data");
        var testTransfers = (await Http.ReadAsync(await testClient.GetAsync("/api/v1/transfers"), 200)).GetProperty("data").GetProperty("items");
        Assert.Equal(new[] { testTransfer.GetProperty("id").GetString() }, testTransfers.EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToArray());
        var liveTransfers = (await Http.ReadAsync(await liveClient.GetAsync("/api/v1/transfers"), 200)).GetProperty("data").GetProperty("items");
        Assert.Equal(new[] { liveTransfer.GetProperty("id").GetString() }, liveTransfers.EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToArray());
        await Http.ErrorAsync(await testClient.GetAsync($"/api/v1/transactions/{liveTransfer.GetProperty("transaction_hash").GetString()}"), 403, "FORBIDDEN");
        var crossAccount = (await Http.ReadAsync(await liveClient.GetAsync($"/api/v1/transactions?account={testnet}"), 200)).GetProperty("data").GetProperty("items");
        Assert.Equal(0, crossAccount.GetArrayLength());

        // Another developer's mainnet account stays a 404, not a 403: no existence leak.
        var (stranger, _, _) = await Factory.NewDeveloperAsync();
        await Http.ErrorAsync(await stranger.GetAsync($"/api/v1/accounts/{mainnet}"), 404, "NOT_FOUND");
    }

    [Fact]
    public void Every_authenticated_endpoint_declares_its_permission()
    {
        var endpoints = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/v1", StringComparison.Ordinal)
                && !e.RoutePattern.RawText!.EndsWith("developers/register", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(endpoints);
        var undeclared = endpoints.Where(e => e.Metadata.GetMetadata<PermissionRequirement>() is null).Select(e => e.DisplayName).ToList();
        Assert.True(undeclared.Count == 0, "Endpoints without .RequirePermission(...) / .AnyPermission(): " + string.Join(", ", undeclared));
        Assert.IsType<InProcessRateLimiter>(Factory.Services.GetRequiredService<IApiRateLimiter>());
    }

    private static async Task PollUntil401(HttpClient client, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var response = await client.GetAsync("/api/v1/developers/me");
            if ((int)response.StatusCode == 401)
            {
                await Http.ErrorAsync(response, 401, "UNAUTHORIZED");
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"still {(int)response.StatusCode} after {within.TotalSeconds} s");
            await Task.Delay(200);
        }
    }
}
