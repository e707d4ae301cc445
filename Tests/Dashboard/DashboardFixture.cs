using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Rowell.Grains.Compliance;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Dashboard;

/// <summary>
/// The real API on a Kestrel loopback port serving dashboard/dist (built by `npm ci && npm run build`, which
/// scripts/test.sh runs first), and Debian's headless Chromium driven by Playwright (no browser download).
/// Webhooks may reach plain-HTTP loopback receivers (the tests run one), and an unverified account may send
/// <see cref="UnverifiedDailyLimitUsd"/> a day, so a larger transfer is held for review while the small ones complete.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public static string Repo([CallerFilePath] string thisFile = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));

    public static string Dist => Path.Combine(Repo(), "dashboard", "dist");

    public static string Artifacts { get; } = Environment.GetEnvironmentVariable("ROWELL_ARTIFACTS_DIR") is { Length: > 0 } d
        ? Path.Combine(d, "dashboard")
        : Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard");

    public const decimal UnverifiedDailyLimitUsd = 100m;

    public ApiFactory Factory { get; }
    public Uri BaseUrl { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public DashboardFixture()
    {
        // The risk hold stays off (brand-new accounts sending at once score high): the daily limit is what holds a transfer here.
        var settings = TestSettings.Embedded() with { Compliance = new ComplianceSettings { UnverifiedDailyLimitUsd = UnverifiedDailyLimitUsd, HoldRiskFrom = 101 } };
        Factory = new ApiFactory(settings, new Dictionary<string, string>
        {
            ["REDIS_URL"] = "",
            ["ROWELL_DASHBOARD_DIR"] = Dist,
            ["ROWELL_RATE_LIMIT_FREE"] = "10000",
            ["ROWELL_WEBHOOKS_ALLOW_HTTP"] = "true",
            ["ROWELL_WEBHOOKS_ALLOW_PRIVATE"] = "true",
            ["ROWELL_WEBHOOK_RETRY_SCHEDULE"] = "0s,1s,1s",
        });
    }

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Path.Combine(Dist, "index.html")),
            $"No dashboard build at {Dist}: run `npm ci && npm run build` in dashboard/ (scripts/test.sh does).");
        var port = FreePort.Next();
        Factory.UseKestrel(port);
        Factory.StartServer();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        Directory.CreateDirectory(Artifacts);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("ROWELL_CHROMIUM") is { Length: > 0 } c ? c : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Factory.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
