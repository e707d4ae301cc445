using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Rowell.Grains.Hosting;

namespace Rowell.Tests.Infrastructure;

/// <summary>The real API (embedded silo by default, or an Orleans client in cluster mode) on the test server.</summary>
/// <remarks><paramref name="services"/> may replace a service (fault injection, e.g. a failing store wrapper) after the app registered its own.</remarks>
public sealed class ApiFactory(RowellSettings settings, IReadOnlyDictionary<string, string>? extraSettings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public ApiFactory() : this(TestSettings.Embedded())
    {
    }

    public RowellSettings Settings => settings;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in TestSettings.AsConfiguration(settings))
        {
            builder.UseSetting(key, value);
        }
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }

    /// <summary>Registers a fresh developer and returns a client that sends its key.</summary>
    public async Task<(HttpClient Client, string DeveloperId, string Key)> NewDeveloperAsync()
    {
        var anonymous = CreateClient();
        var email = $"dev{Guid.NewGuid():N}@example.com";
        var response = await anonymous.PostAsync("/api/v1/developers/register", Json(new { email, first_name = "Test", last_name = "Developer" }));
        var body = await Http.ReadAsync(response, 201);
        var key = body.GetProperty("data").GetProperty("api_key").GetProperty("secret").GetString()!;
        var developerId = body.GetProperty("data").GetProperty("developer").GetProperty("id").GetString()!;
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return (client, developerId, key);
    }

    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
    public static StringContent Raw(string body, string mediaType = "application/json") => new(body, Encoding.UTF8, mediaType);
}

public static class Http
{
    /// <summary>Asserts the status and the envelope's success flag, and returns the parsed body.</summary>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, int expectedStatus)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"Expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Equal(expectedStatus < 400, json.GetProperty("success").GetBoolean());
        Assert.True(json.TryGetProperty("timestamp", out _), "every envelope has a timestamp");
        return json;
    }

    /// <summary>Asserts an error envelope with the given status and code; returns the error object.</summary>
    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, int expectedStatus, string expectedCode)
    {
        var json = await ReadAsync(response, expectedStatus);
        var error = json.GetProperty("error");
        Assert.Equal(expectedCode, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.StartsWith("req_", json.GetProperty("request_id").GetString());
        return error;
    }

    public static async Task<JsonElement> CreateAccountAsync(HttpClient client, string network = "stellar", string country = "KE", string type = "user")
    {
        var response = await client.PostAsync("/api/v1/accounts", ApiFactory.Json(new { network, environment = "testnet", account_type = type, country_code = country }));
        return (await ReadAsync(response, 201)).GetProperty("data");
    }
}
