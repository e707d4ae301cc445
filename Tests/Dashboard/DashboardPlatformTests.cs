using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rowell.Client;

namespace Rowell.Tests.Dashboard;

/// <summary>
/// The webhooks and compliance pages in headless Chromium against the real API: an endpoint registered in the UI
/// receives a signed test delivery on a loopback receiver and its attempts show on the page; a transfer held by the
/// unverified daily limit is released by resolving its flag in the UI and then completes.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class DashboardPlatformTests(DashboardFixture fixture)
{
    [GeneratedRegex(@"whk_[A-Za-z0-9]+")]
    private static partial Regex EndpointId();

    [Fact]
    public async Task A_webhook_endpoint_created_in_the_dashboard_receives_a_signed_delivery_shown_with_its_attempts()
    {
        await using var receiver = new WebhookReceiver();
        await using var ui = await DashboardSession.OpenAsync(fixture);
        await ui.SignInAsync(await ui.RegisterAsync());

        await ui.GoAsync("webhooks", "Webhooks");
        await ui.Page.GetByLabel("Endpoint URL").FillAsync(receiver.Url);
        await ui.Page.GetByLabel("Description (optional)").FillAsync("browser test receiver");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        var secret = await ui.Page.GetByTestId("secret-once").InnerTextAsync();
        Assert.StartsWith("whsec_", secret);
        await Assertions.Expect(ui.Page.GetByRole(AriaRole.Link, new() { NameRegex = EndpointId() }).First).ToBeVisibleAsync();
        await ui.CheckPageAsync("webhooks");

        await ui.Page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Link, new() { NameRegex = EndpointId() }).ClickAsync();
        await Assertions.Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(EndpointId());
        Assert.Equal(0, await ui.Page.GetByTestId("secret-once").CountAsync());
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Send test event" }).ClickAsync();

        // The delivery reached the receiver, signed with the secret the page showed once.
        var delivery = await receiver.NextAsync("webhook.test");
        Assert.Null(WebhookSignature.Verify(secret, delivery.Id, delivery.Timestamp, delivery.Signature, delivery.Body));

        // And the page shows it succeeded, with its attempt.
        var row = ui.Page.GetByTestId("deliveries").GetByRole(AriaRole.Row).Filter(new() { HasText = "webhook.test" });
        await Assertions.Expect(row).ToContainTextAsync("succeeded", new() { Timeout = 30_000 });
        await row.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(ui.Page.GetByTestId("attempts")).ToContainTextAsync("HTTP 200");

        // Redeliver: a second attempt arrives and is listed beside the first.
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Redeliver" }).ClickAsync();
        var again = await receiver.NextAsync("webhook.test");
        Assert.Equal(delivery.Id, again.Id);
        await Assertions.Expect(ui.Page.GetByTestId("attempts").GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2, new() { Timeout = 30_000 });

        // Rotate: a new secret, shown once; deliveries then carry a signature for it too.
        ui.Page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();
        var rotated = await ui.Page.GetByTestId("secret-once").InnerTextAsync();
        Assert.StartsWith("whsec_", rotated);
        Assert.NotEqual(secret, rotated);
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Send test event" }).ClickAsync();
        var signedTwice = await receiver.NextAsync("webhook.test");
        Assert.Null(WebhookSignature.Verify(rotated, signedTwice.Id, signedTwice.Timestamp, signedTwice.Signature, signedTwice.Body));
        await ui.CheckPageAsync("webhook-detail");
    }

    [Fact]
    public async Task A_transfer_held_for_review_completes_after_its_flag_is_resolved_in_the_dashboard()
    {
        await using var ui = await DashboardSession.OpenAsync(fixture);
        var key = await ui.RegisterAsync();
        var from = await ui.CreateAccountAsync(key, "KE");
        var to = await ui.CreateAccountAsync(key, "NG");
        // 1,000 XLM is worth more than the fixture's unverified daily limit: the transfer waits in compliance_review.
        var transfer = await ui.ApiAsync(key, HttpMethod.Post, "/api/v1/transfers", new { from_account = from, to_account = to, asset_code = "XLM", amount = "1000" });
        Assert.Equal("compliance_review", transfer.GetProperty("status").GetString());
        var transferId = transfer.GetProperty("id").GetString()!;
        // The receiver's identity verification (the sender stays unverified, so its transfer stays held).
        var verification = await ui.ApiAsync(key, HttpMethod.Post, "/api/v1/compliance/verify-id", new
        {
            account_id = to, verification_type = "individual", first_name = "Thandeka", last_name = "Dlamini", date_of_birth = "1985-02-28",
            document_type = "sa_id", document_number = "8502285305089", document_country = "ZA",
        });
        var verificationId = verification.GetProperty("id").GetString()!;
        await ui.SignInAsync(key);

        await ui.GoAsync("compliance", "Compliance");
        await Assertions.Expect(ui.Page.GetByTestId("open-flags")).ToHaveTextAsync("1");
        var flagLink = ui.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = transferId }).GetByRole(AriaRole.Link);
        await Assertions.Expect(flagLink).ToHaveTextAsync(new Regex("^flg_"));
        var verificationRow = ui.Page.GetByRole(AriaRole.Region, new() { Name = "Verifications table" }).GetByRole(AriaRole.Row).Filter(new() { HasText = verificationId });
        await Assertions.Expect(verificationRow).ToContainTextAsync(verification.GetProperty("status").GetString()!);
        await Assertions.Expect(verificationRow).ToContainTextAsync(to);
        await ui.CheckPageAsync("compliance");

        await flagLink.ClickAsync();
        await Assertions.Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(new Regex("^Flag flg_"));
        await Assertions.Expect(ui.Page.GetByTestId("flag-status")).ToHaveTextAsync("active");
        await Assertions.Expect(ui.Page.GetByTestId("held-transfer-status")).ToContainTextAsync("compliance review");
        await Assertions.Expect(ui.Page.GetByRole(AriaRole.Button, new() { Name = "Escalate" })).ToBeVisibleAsync();
        await ui.CheckPageAsync("flag-detail");

        await ui.Page.GetByLabel("Notes").FillAsync("Sender's payslip checked by phone");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Assertions.Expect(ui.Page.GetByTestId("flag-status")).ToHaveTextAsync("resolved");
        await Assertions.Expect(ui.Page.GetByTestId("flag-history")).ToContainTextAsync("Sender's payslip checked by phone");
        await Assertions.Expect(ui.Page.GetByRole(AriaRole.Button, new() { Name = "Resolve" })).ToHaveCountAsync(0);
        await Assertions.Expect(ui.Page.GetByTestId("held-transfer-status")).ToContainTextAsync("completed", new() { Timeout = 30_000 });
        await ui.CheckPageAsync("flag-resolved");

        // The receiver's page shows its KYC status and the verification.
        await ui.GoAsync($"accounts/{to}", $"Account {to}");
        await Assertions.Expect(ui.Page.GetByTestId("kyc-status")).ToHaveTextAsync(verification.GetProperty("status").GetString()!);
        await Assertions.Expect(ui.Page.GetByRole(AriaRole.Region, new() { Name = "Verifications table" })).ToContainTextAsync(verificationId);

        await ui.GoAsync($"transfers/{transferId}", $"Transfer {transferId}");
        await Assertions.Expect(ui.Page.GetByTestId("timeline")).ToContainTextAsync("transfer.completed", new() { Timeout = 30_000 });
        ui.AssertNoConsoleErrors("the released transfer");
    }
}
