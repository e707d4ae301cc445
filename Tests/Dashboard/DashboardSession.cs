using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Rowell.Tests.Dashboard;

/// <summary>One browser page on the dashboard: collects console errors, screenshots and axe results per page.</summary>
public sealed class DashboardSession(DashboardFixture fixture, IPage page) : IAsyncDisposable
{
    private readonly List<string> _consoleErrors = [];

    public IPage Page { get; } = page;

    public static async Task<DashboardSession> OpenAsync(DashboardFixture fixture, ViewportSize? viewport = null)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseUrl.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
        });
        var session = new DashboardSession(fixture, await context.NewPageAsync());
        session.Page.Console += (_, msg) =>
        {
            if (msg.Type == "error")
            {
                session._consoleErrors.Add(msg.Text);
            }
        };
        session.Page.PageError += (_, error) => session._consoleErrors.Add(error);
        session.Page.SetDefaultTimeout(15_000);
        return session;
    }

    /// <summary>Registers a developer over HTTP; returns its sk_test_ key.</summary>
    public async Task<string> RegisterAsync()
    {
        using var http = new HttpClient { BaseAddress = fixture.BaseUrl };
        var response = await http.PostAsJsonAsync("/api/v1/developers/register", new { email = $"ui{Guid.NewGuid():N}@example.com", first_name = "Ada", last_name = "Browser" });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("data").GetProperty("api_key").GetProperty("secret").GetString()!;
    }

    /// <summary>Calls the API directly (for setup the test is not about); asserts success and returns <c>data</c>.</summary>
    public async Task<JsonElement> ApiAsync(string key, HttpMethod method, string path, object? body = null)
    {
        using var http = new HttpClient { BaseAddress = fixture.BaseUrl };
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await http.SendAsync(request);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {json}");
        return json.GetProperty("data").Clone();
    }

    public async Task<string> CreateAccountAsync(string key, string country) =>
        (await ApiAsync(key, HttpMethod.Post, "/api/v1/accounts", new { network = "stellar", environment = "testnet", account_type = "user", country_code = country }))
        .GetProperty("id").GetString()!;

    public async Task SignInAsync(string key)
    {
        await Page.GotoAsync("./");
        await Page.GetByLabel("API key").FillAsync(key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 }).WaitForAsync();
    }

    public async Task GoAsync(string route, string heading)
    {
        await Page.GotoAsync($"./#/{route}");
        await Page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 }).WaitForAsync();
    }

    /// <summary>Saves a full-page screenshot and asserts axe finds nothing serious or critical on the page as it is.</summary>
    public async Task CheckPageAsync(string name)
    {
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Artifacts, $"{name}.png"), FullPage = true });
        var axe = await Page.RunAxe(new AxeRunOptions { ResultTypes = [ResultType.Violations] });
        var bad = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"axe on {name}: " + string.Join("; ", bad.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
        AssertNoConsoleErrors(name);
    }

    public void AssertNoConsoleErrors(string where) =>
        Assert.True(_consoleErrors.Count == 0, $"console errors by {where}: {string.Join(" | ", _consoleErrors)}");

    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();
}
