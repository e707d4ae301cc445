using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Security;

/// <summary>The Orleans dashboard is there for operators with ADMIN_TOKEN, and for nobody else.</summary>
public sealed class OperatorDashboardTests
{
    private const string Token = "operator-token-for-the-dashboard-test";

    [Fact]
    public async Task The_dashboard_answers_only_with_the_admin_token_and_shows_the_silo_and_grains()
    {
        await using var api = new ApiFactory(TestSettings.Embedded(), new Dictionary<string, string> { ["ADMIN_TOKEN"] = Token });
        var (developer, _, _) = await api.NewDeveloperAsync();   // some grain activity to show
        var anonymous = api.CreateClient();

        var refused = await anonymous.GetAsync("/admin/dashboard/ClusterStats");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("Basic", refused.Headers.WwwAuthenticate.ToString());
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/admin/dashboard/ClusterStats")).StatusCode);

        var bearer = api.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        // The dashboard samples every second: poll (bounded) until the silo and the developer grain show up.
        var text = "";
        for (var attempt = 0; attempt < 100 && !text.Contains("DeveloperGrain", StringComparison.Ordinal); attempt++)
        {
            await developer.GetAsync("/api/v1/developers/me");
            var counters = await bearer.GetAsync("/admin/dashboard/DashboardCounters");
            text = await counters.Content.ReadAsStringAsync();
            Assert.True(counters.StatusCode == HttpStatusCode.OK, text);
            await Task.Delay(200);
        }
        using var json = JsonDocument.Parse(text);
        Assert.True(json.RootElement.TryGetProperty("hosts", out var hosts) || json.RootElement.TryGetProperty("Hosts", out hosts), text);
        Assert.True(hosts.GetArrayLength() >= 1, text);
        Assert.Contains("DeveloperGrain", text);   // activations and calls by grain type

        // A browser: HTTP Basic with the token as the password gets the page.
        var browser = api.CreateClient();
        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:" + Token)));
        var page = await browser.GetAsync("/admin/dashboard/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("html", (await page.Content.ReadAsStringAsync()).ToLowerInvariant());
    }

    [Fact]
    public async Task Without_an_admin_token_there_is_no_dashboard()
    {
        await using var api = new ApiFactory();
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/dashboard/ClusterStats")).StatusCode);
    }

    [Fact]
    public void The_embedded_api_refuses_to_start_with_a_weak_secret_key()
    {
        using var api = new ApiFactory(TestSettings.Embedded() with { SecretKey = "your-secret-key-change-in-production" });
        var e = Assert.ThrowsAny<Exception>(() => api.CreateClient());
        var messages = string.Join(" | ", Flatten(e).Select(x => x.Message));
        Assert.Contains("SECRET_KEY is a documented placeholder", messages);
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
        }
    }
}
