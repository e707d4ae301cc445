using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Rowell.Tests.Dashboard;

/// <summary>
/// The dashboard in headless Chromium against the real API: sign in, create accounts, send a transfer and watch
/// its timeline reach completed, see it counted on the overview; every page screenshotted, axe-checked and free
/// of console errors (the webhooks and compliance pages: DashboardPlatformTests). Screenshots land in bin/…/artifacts/dashboard (or $ROWELL_ARTIFACTS_DIR/dashboard).
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class DashboardJourneyTests(DashboardFixture fixture)
{
    [GeneratedRegex(@"acc_[A-Za-z0-9]+")]
    private static partial Regex AccountId();

    [GeneratedRegex(@"tr_[A-Za-z0-9]+")]
    private static partial Regex TransferId();

    [Fact]
    public async Task Sign_in_create_accounts_send_a_transfer_watch_it_complete_and_see_it_on_the_overview()
    {
        await using var ui = await DashboardSession.OpenAsync(fixture);
        var key = await ui.RegisterAsync();

        await ui.Page.GotoAsync("./");
        await ui.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Rowell" }).WaitForAsync();
        await ui.CheckPageAsync("sign-in");
        await ui.SignInAsync(key);
        Assert.DoesNotContain(key, ui.Page.Url);
        Assert.Equal(key, await ui.Page.EvaluateAsync<string>("() => sessionStorage.getItem('rowell.apiKey')"));
        Assert.Null(await ui.Page.EvaluateAsync<string?>("() => localStorage.getItem('rowell.apiKey')"));
        await Assertions.Expect(ui.Page.GetByRole(AriaRole.Status, new() { Name = "test mode" })).ToBeVisibleAsync();

        // Two accounts through the create form.
        var ids = new List<string>();
        foreach (var country in new[] { "KE", "NG" })
        {
            await ui.GoAsync("accounts", "Accounts");
            await ui.Page.GetByLabel("Country").First.SelectOptionAsync(country);
            await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
            var heading = ui.Page.GetByRole(AriaRole.Heading, new() { Level = 1 });
            await Assertions.Expect(heading).ToHaveTextAsync(AccountId());
            ids.Add(AccountId().Match(await heading.InnerTextAsync()).Value);
        }
        await Assertions.Expect(ui.Page.GetByText("10000.0000000").First).ToBeVisibleAsync();
        await ui.CheckPageAsync("account-detail");
        await ui.GoAsync("accounts", "Accounts");
        await Assertions.Expect(ui.Page.GetByRole(AriaRole.Link, new() { Name = ids[1] })).ToBeVisibleAsync();
        await ui.CheckPageAsync("accounts");

        // A transfer, followed live on its timeline until completed.
        await ui.GoAsync("transfers", "Transfers");
        await ui.Page.GetByLabel("From account").FillAsync(ids[0]);
        await ui.Page.GetByLabel("To (account or address)").FillAsync(ids[1]);
        await ui.Page.GetByLabel("Amount").FillAsync("7.5");
        Assert.StartsWith("dash_", await ui.Page.GetByLabel("Idempotency key").InputValueAsync());
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Send transfer" }).ClickAsync();
        await Assertions.Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(TransferId());
        await Assertions.Expect(ui.Page.GetByTestId("transfer-status")).ToContainTextAsync("completed", new() { Timeout = 30_000 });
        await Assertions.Expect(ui.Page.GetByTestId("timeline")).ToContainTextAsync("transfer.completed");
        await Assertions.Expect(ui.Page.GetByTestId("timeline")).ToContainTextAsync("transfer.created");
        await ui.CheckPageAsync("transfer-detail");
        await ui.GoAsync("transfers", "Transfers");
        await ui.CheckPageAsync("transfers");

        // Counted on the overview (analytics rollups are fed from the event stream, seconds behind).
        await ui.GoAsync("overview", "Overview");
        var behind = new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 };
        var behindContains = new LocatorAssertionsToContainTextOptions { Timeout = 30_000 };
        await Assertions.Expect(ui.Page.GetByTestId("total-transfers")).ToHaveTextAsync("1", behind);
        await Assertions.Expect(ui.Page.GetByTestId("completed-transfers")).ToHaveTextAsync("1", behind);
        await Assertions.Expect(ui.Page.GetByTestId("new-accounts")).ToHaveTextAsync("2", behind);
        await Assertions.Expect(ui.Page.GetByTestId("top-corridors")).ToContainTextAsync("KE → NG");
        await Assertions.Expect(ui.Page.GetByTestId("recent-activity")).ToContainTextAsync("transfer.completed");
        await ui.CheckPageAsync("overview");

        // A sandbox deposit shows on the account's page, beside its KYC status.
        await ui.ApiAsync(key, HttpMethod.Post, "/api/v1/sandbox/deposit", new { account_id = ids[1], asset_code = "XLM", amount = "12.5" });
        await ui.GoAsync($"accounts/{ids[1]}", $"Account {ids[1]}");
        await Assertions.Expect(ui.Page.GetByTestId("deposits")).ToContainTextAsync("12.5");
        await Assertions.Expect(ui.Page.GetByTestId("kyc-status")).ToHaveTextAsync("unverified");

        // Analytics: every report renders the transfer's corridor period, with the pickers.
        await ui.GoAsync("analytics", "Analytics");
        await Assertions.Expect(ui.Page.GetByRole(AriaRole.Table).Last).ToContainTextAsync("KE → NG", behindContains);
        await ui.CheckPageAsync("analytics");
        foreach (var (report, expected) in new[] { ("Stablecoins", "XLM"), ("Merchants", ids[1]), ("Networks", "stellar") })
        {
            await ui.Page.GetByRole(AriaRole.Button, new() { Name = report }).ClickAsync();
            await Assertions.Expect(ui.Page.GetByRole(AriaRole.Table).Last).ToContainTextAsync(expected, behindContains);
            await ui.CheckPageAsync($"analytics-{report.ToLowerInvariant()}");
        }
        await ui.Page.GetByRole(AriaRole.Combobox, new() { Name = "Period", Exact = true }).SelectOptionAsync("monthly");
        await Assertions.Expect(ui.Page.GetByRole(AriaRole.Table).Last).ToContainTextAsync("stellar", behindContains);
        ui.AssertNoConsoleErrors("analytics, monthly");

        await ui.GoAsync("developer", "Developer");
        await Assertions.Expect(ui.Page.GetByTestId("rate-limit")).ToContainTextAsync("requests left");
        await ui.CheckPageAsync("developer");
    }

    [Fact]
    public async Task On_a_phone_every_page_fits_the_screen_and_passes_axe_and_the_skip_link_works()
    {
        await using var ui = await DashboardSession.OpenAsync(fixture, new ViewportSize { Width = 390, Height = 844 });
        await ui.SignInAsync(await ui.RegisterAsync());
        foreach (var (route, heading) in new[] { ("accounts", "Accounts"), ("transfers", "Transfers"), ("analytics", "Analytics"), ("webhooks", "Webhooks"), ("compliance", "Compliance"), ("developer", "Developer"), ("overview", "Overview") })
        {
            await ui.GoAsync(route, heading);
            await ui.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            // The elements sticking out past the right edge (outside a scroller of their own), named for the failure message.
            var wide = await ui.Page.EvaluateAsync<string[]>("""
                () => document.documentElement.scrollWidth <= window.innerWidth + 1 ? [] :
                  [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll'))
                    .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`)
                    .concat([`document ${document.documentElement.scrollWidth} px`])
                """);
            Assert.True(wide.Length == 0, $"the {route} page scrolls sideways on a phone: {string.Join(", ", wide)}");
            await ui.CheckPageAsync($"{route}-phone");
        }
        // Keyboard: the skip link is the first stop and moves focus to the content.
        await ui.Page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await ui.Page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await ui.Page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await ui.Page.EvaluateAsync<string>("() => document.activeElement.id"));
    }
}
