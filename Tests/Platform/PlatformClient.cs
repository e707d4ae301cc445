using System.Net.Http.Headers;
using System.Text.Json;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Platform;

/// <summary>Small helpers over the public HTTP API for the developer-platform tests.</summary>
public static class PlatformClient
{
    public const string AdminToken = "test-admin-token-0123456789";

    public static HttpClient WithKey(this ApiFactory factory, string key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Creates a key through the API; returns (id, secret).</summary>
    public static async Task<(string Id, string Secret)> CreateKeyAsync(HttpClient client, string mode, string[]? permissions = null, DateTimeOffset? expiresAt = null)
    {
        var body = new Dictionary<string, object?> { ["name"] = $"{mode} key", ["mode"] = mode };
        if (permissions is not null)
        {
            body["permissions"] = permissions;
        }
        if (expiresAt is not null)
        {
            body["expires_at"] = expiresAt.Value.ToString("O");
        }
        var data = (await Http.ReadAsync(await client.PostAsync("/api/v1/developers/me/api-keys", ApiFactory.Json(body)), 201)).GetProperty("data");
        return (data.GetProperty("id").GetString()!, data.GetProperty("secret").GetString()!);
    }

    public static async Task SetTierAsync(ApiFactory factory, string developerId, string tier, int? rateLimit = null)
    {
        var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        var body = rateLimit is null ? (object)new { tier } : new { tier, rate_limit = rateLimit };
        var response = await admin.PutAsync($"/admin/developers/{developerId}/tier", ApiFactory.Json(body));
        Assert.Equal(tier, (await Http.ReadAsync(response, 200)).GetProperty("data").GetProperty("tier").GetString());
    }

    public static async Task<JsonElement> CreateAccountAsync(HttpClient client, string environment)
    {
        var response = await client.PostAsync("/api/v1/accounts", ApiFactory.Json(new { network = "stellar", environment, account_type = "user", country_code = "KE" }));
        return (await Http.ReadAsync(response, 201)).GetProperty("data");
    }

    /// <summary>POST /sandbox/simulate (optionally with an Idempotency-Key); the raw response, for its status and headers.</summary>
    public static async Task<HttpResponseMessage> SimulateAsync(HttpClient client, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sandbox/simulate") { Content = ApiFactory.Json(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return await client.SendAsync(request);
    }

    /// <summary>
    /// Polls GET <paramref name="location"/> (every 100 ms unless told) until the simulation is no longer running
    /// (bounded: 30 s), returning every snapshot seen, the final one last.
    /// </summary>
    public static async Task<List<JsonElement>> PollSimulationAsync(HttpClient client, string location, TimeSpan? every = null)
    {
        var within = TimeSpan.FromSeconds(30);
        var seen = new List<JsonElement>();
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var simulation = (await Http.ReadAsync(await client.GetAsync(location), 200)).GetProperty("data");
            seen.Add(simulation);
            if (simulation.GetProperty("status").GetString() != "running")
            {
                return seen;
            }
            Assert.True(DateTime.UtcNow < deadline, $"The simulation is still running after the deadline: {simulation}");
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>(accounts_created, transfers_created, transfers_refused, percent) of a simulation.</summary>
    public static (int Accounts, int Transfers, int Refused, int Percent) SimulationProgress(JsonElement simulation)
    {
        var p = simulation.GetProperty("progress");
        return (p.GetProperty("accounts_created").GetInt32(), p.GetProperty("transfers_created").GetInt32(),
            p.GetProperty("transfers_refused").GetInt32(), p.GetProperty("percent").GetInt32());
    }

    public static int IntHeader(HttpResponseMessage response, string name) =>
        int.Parse(Assert.Single(response.Headers.GetValues(name)));

    public static long LongHeader(HttpResponseMessage response, string name) =>
        long.Parse(Assert.Single(response.Headers.GetValues(name)));
}
