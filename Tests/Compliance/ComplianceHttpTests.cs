using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rowell.Grains.Compliance.Storage;
using Rowell.Tests.Infrastructure;
using static Rowell.Tests.Compliance.ComplianceHttp;

namespace Rowell.Tests.Compliance;

/// <summary>Compliance end to end over HTTP, on the embedded API with the production compliance defaults.</summary>
[Collection(ComplianceApiCollection.Name)]
public sealed class ComplianceHttpTests(ComplianceApiFixture fixture)
{
    private ApiFactory Factory => fixture.Factory;
    private InMemoryComplianceStore Store => (InMemoryComplianceStore)Factory.Services.GetRequiredService<IComplianceStore>();

    private async Task<(HttpClient Client, string A, string B)> TwoAccountsAsync()
    {
        var (client, _, _) = await Factory.NewDeveloperAsync();
        var a = (await Http.CreateAccountAsync(client, "stellar", "NG")).GetProperty("id").GetString()!;
        var b = (await Http.CreateAccountAsync(client, "stellar", "NG")).GetProperty("id").GetString()!;
        return (client, a, b);
    }

    [Fact]
    public async Task An_unverified_account_over_its_daily_limit_waits_for_review_and_resolving_the_flag_pays_it_once()
    {
        var (client, a, b) = await TwoAccountsAsync();
        var keyId = await KeyIdAsync(client);
        var startA = await BalanceAsync(client, a);
        var startB = await BalanceAsync(client, b);

        // 3,000 XLM = 750 USD: within the 1,000 USD an unverified account may send per day.
        var first = (await TransferAsync(client, a, b, "3000")).GetProperty("data");
        Assert.Equal("completed", await WaitForStatusAsync(client, first.GetProperty("id").GetString()!, "completed"));

        // 2,000 XLM more = 1,250 USD in 24 h: held, with a flag that says why.
        var held = (await TransferAsync(client, a, b, "2000")).GetProperty("data");
        var heldId = held.GetProperty("id").GetString()!;
        Assert.Equal("compliance_review", held.GetProperty("status").GetString());
        Assert.Equal("review", held.GetProperty("compliance").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, held.GetProperty("transaction_hash").ValueKind);
        Assert.Equal(startA - 3000m - 0.00001m, await BalanceAsync(client, a));

        var flags = (await GetDataAsync(client, $"/api/v1/compliance/flags?entity_id={heldId}")).GetProperty("items");
        var flag = Assert.Single(flags.EnumerateArray());
        var flagId = flag.GetProperty("id").GetString()!;
        Assert.StartsWith("flg_", flagId);
        Assert.Equal("unverified_daily_limit", flag.GetProperty("reason_code").GetString());
        Assert.Equal("active", flag.GetProperty("status").GetString());
        Assert.Equal("transfer", flag.GetProperty("entity_type").GetString());
        Assert.Contains(flag.GetProperty("factors").EnumerateArray(), f => f.GetProperty("code").GetString() == "kyc_unverified");
        Assert.Contains(flag.GetProperty("factors").EnumerateArray(), f => f.GetProperty("code").GetString() == "unverified_daily_limit");

        // Escalated keeps it held; resolved releases it.
        var escalated = (await PatchAsync(client, $"/api/v1/compliance/flags/{flagId}/status", new { status = "escalated", notes = "second opinion" }, 200)).GetProperty("data");
        Assert.Equal("escalated", escalated.GetProperty("status").GetString());
        Assert.Equal("compliance_review", (await GetDataAsync(client, $"/api/v1/transfers/{heldId}")).GetProperty("status").GetString());
        var resolved = (await PatchAsync(client, $"/api/v1/compliance/flags/{flagId}/status", new { status = "resolved", notes = "source of funds documented" }, 200)).GetProperty("data");
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        Assert.Equal("completed", await WaitForStatusAsync(client, heldId, "completed"));

        // Every change is in the history, with who and when.
        var history = (await GetDataAsync(client, $"/api/v1/compliance/flags/{flagId}")).GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["active", "escalated", "resolved"], history.Select(h => h.GetProperty("status").GetString()));
        Assert.Equal("system:screening", history[0].GetProperty("actor").GetString());
        Assert.All(history.Skip(1), h => Assert.Equal(keyId, h.GetProperty("actor").GetString()));
        Assert.Equal(["second opinion", "source of funds documented"], history.Skip(1).Select(h => h.GetProperty("notes").GetString()));
        var times = history.Select(h => DateTimeOffset.Parse(h.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order(), times);

        // Paid once: a decided flag does not change, a second release cannot pay again.
        await Http.ErrorAsync(await client.PatchAsync($"/api/v1/compliance/flags/{flagId}/status", ApiFactory.Json(new { status = "resolved" })), 409, "CONFLICT");
        await Task.Delay(300);
        Assert.Equal(startA - 5000m - 0.00002m, await BalanceAsync(client, a));
        Assert.Equal(startB + 5000m, await BalanceAsync(client, b));
        var timeline = (await GetDataAsync(client, $"/api/v1/transfers/{heldId}/events")).EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["transfer.created", "transfer.compliance_review", "transfer.compliance_approved", "transfer.submitted", "transfer.completed"], timeline);

        // The flag's events committed with each change, payload = the flag as GET returns it.
        var events = Store.Events.Where(e => e.AggregateId == flagId).ToList();
        Assert.Equal(["compliance.flag_raised", "compliance.flag_updated", "compliance.flag_updated"], events.Select(e => e.Type));
        Assert.Equal([1, 2, 3], events.Select(e => e.AggregateSeq));
        var latest = (await GetDataAsync(client, $"/api/v1/compliance/flags/{flagId}")).GetRawText();
        Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(latest)), JsonSerializer.Serialize(JsonDocument.Parse(events[^1].PayloadJson)));
    }

    [Fact]
    public async Task Closing_the_flag_rejects_the_held_transfer_and_nothing_moves()
    {
        var (client, a, b) = await TwoAccountsAsync();
        var start = await BalanceAsync(client, a);
        var held = (await TransferAsync(client, a, b, "4500")).GetProperty("data"); // 1,125 USD at once
        Assert.Equal("compliance_review", held.GetProperty("status").GetString());
        var flagId = (await GetDataAsync(client, $"/api/v1/compliance/flags?entity_id={held.GetProperty("id").GetString()}")).GetProperty("items")[0].GetProperty("id").GetString()!;
        await PatchAsync(client, $"/api/v1/compliance/flags/{flagId}/status", new { status = "closed", notes = "no source of funds" }, 200);
        var transfer = await GetDataAsync(client, $"/api/v1/transfers/{held.GetProperty("id").GetString()}");
        Assert.Equal("rejected", transfer.GetProperty("status").GetString());
        Assert.Equal(start, await BalanceAsync(client, a));
    }

    [Fact]
    public async Task A_sanctioned_names_transfer_is_rejected_and_never_reaches_the_ledger()
    {
        var (client, a, b) = await TwoAccountsAsync();
        // The holder claims the name of a (fictional) listed person: the verification is rejected and flagged.
        var verification = (await VerifyAsync(client, a, "Zebediah", "Quortano Mbakwe", "1971-06-09", "nin", "22212345678", "NG")).GetProperty("data");
        Assert.Equal("rejected", verification.GetProperty("status").GetString());
        Assert.Contains(verification.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "sanctions_match");
        Assert.Equal("XSi.001", verification.GetProperty("sanctions_match").GetProperty("reference_number").GetString());
        Assert.Equal("rejected", (await GetDataAsync(client, $"/api/v1/accounts/{a}")).GetProperty("kyc_status").GetString());
        var accountFlag = await GetDataAsync(client, $"/api/v1/compliance/flags/{verification.GetProperty("flag_id").GetString()}");
        Assert.Equal("sanctions_match", accountFlag.GetProperty("reason_code").GetString());
        Assert.Equal("account", accountFlag.GetProperty("entity_type").GetString());

        var start = await BalanceAsync(client, a);
        var error = await Http.ErrorAsync(await client.PostAsync("/api/v1/transfers", ApiFactory.Json(new { from_account = a, to_account = b, asset_code = "XLM", amount = "10" })), 422, "COMPLIANCE_REJECTED");
        var transferId = error.GetProperty("details").GetProperty("transfer_id").GetString()!;
        var transfer = await GetDataAsync(client, $"/api/v1/transfers/{transferId}");
        Assert.Equal("rejected", transfer.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, transfer.GetProperty("transaction_hash").ValueKind);
        var timeline = (await GetDataAsync(client, $"/api/v1/transfers/{transferId}/events")).EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["transfer.created", "transfer.rejected"], timeline);
        Assert.Equal(start, await BalanceAsync(client, a));
        var flag = (await GetDataAsync(client, $"/api/v1/compliance/flags?entity_id={transferId}")).GetProperty("items")[0];
        Assert.Equal("sanctions_match", flag.GetProperty("reason_code").GetString());
        Assert.Equal("XSi.001", flag.GetProperty("sanctions_match").GetProperty("reference_number").GetString());
        Assert.True(flag.GetProperty("sanctions_match").GetProperty("score").GetDouble() >= 0.92);

        // A listed name given for the receiver of an otherwise clean transfer is rejected too.
        var other = await TransferAsync(client, b, a, "10", new { recipient_name = "Quortex Sahel Trading" }, 422);
        Assert.Equal("COMPLIANCE_REJECTED", other.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Verifying_an_identity_sets_kyc_status_masks_the_number_and_rejects_bad_documents_with_reasons()
    {
        var (client, a, b) = await TwoAccountsAsync();
        var ok = (await VerifyAsync(client, a, "Thandeka", "Dlamini", "1985-02-28", "sa_id", "8502285305089", "ZA")).GetProperty("data");
        var id = ok.GetProperty("id").GetString()!;
        Assert.StartsWith("kyc_", id);
        Assert.Equal("verified", ok.GetProperty("status").GetString());
        Assert.Equal("low", ok.GetProperty("risk_level").GetString());
        Assert.Equal("*********5089", ok.GetProperty("document_number_masked").GetString());
        Assert.DoesNotContain("8502285305089", ok.GetRawText());
        Assert.Contains(ok.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "document_checks_passed");
        Assert.Equal("verified", (await GetDataAsync(client, $"/api/v1/accounts/{a}")).GetProperty("kyc_status").GetString());
        Assert.Equal(ok.GetRawText(), (await GetDataAsync(client, $"/api/v1/compliance/verify-id/{id}")).GetRawText());

        // account.kyc_updated committed with the verification; its payload is the account as GET returns it.
        var kycEvent = Store.Events.Single(e => e.AggregateId == id && e.Type == "account.kyc_updated");
        var account = await GetDataAsync(client, $"/api/v1/accounts/{a}");
        Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(account.GetRawText())), JsonSerializer.Serialize(JsonDocument.Parse(kycEvent.PayloadJson)));

        var luhn = (await VerifyAsync(client, b, "Sipho", "Nkosi", "1985-02-28", "sa_id", "8502285305080", "ZA")).GetProperty("data");
        Assert.Equal("rejected", luhn.GetProperty("status").GetString());
        Assert.Contains(luhn.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "document_checksum_invalid");
        // A space is not trimmed away: the number as sent fails.
        var spaced = (await VerifyAsync(client, b, "Sipho", "Nkosi", "1985-02-28", "bvn", " 22212345678", "NG")).GetProperty("data");
        Assert.Contains(spaced.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "document_contains_whitespace");

        var list = (await GetDataAsync(client, $"/api/v1/compliance/verifications?account_id={b}&status=rejected")).GetProperty("items");
        Assert.Equal(2, list.GetArrayLength());
        var page = await GetDataAsync(client, $"/api/v1/compliance/verifications?limit=1");
        Assert.True(page.GetProperty("has_more").GetBoolean());
        var next = await GetDataAsync(client, $"/api/v1/compliance/verifications?limit=5&starting_after={page.GetProperty("next_cursor").GetString()}");
        Assert.Equal(2, next.GetProperty("items").GetArrayLength());

        var bad = await Http.ErrorAsync(await client.PostAsync("/api/v1/compliance/verify-id", ApiFactory.Json(new
        {
            account_id = a, verification_type = "individual", first_name = "A", last_name = "B", date_of_birth = "28/02/1985",
            document_type = "sa_id", document_number = "8502285305089", document_country = "ZA",
        })), 400, "VALIDATION_ERROR");
        Assert.Equal("date_of_birth", bad.GetProperty("details").GetProperty("field").GetString());
        await Http.ErrorAsync(await client.PostAsync("/api/v1/compliance/verify-id", ApiFactory.Json(new
        {
            account_id = a, verification_type = "individual", first_name = "A", last_name = "B", date_of_birth = "1985-02-28",
            document_type = "library_card", document_number = "1", document_country = "ZA",
        })), 400, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task Another_developers_flags_and_verifications_are_404()
    {
        var (client, a, b) = await TwoAccountsAsync();
        var held = (await TransferAsync(client, a, b, "5000")).GetProperty("data");
        var flagId = (await GetDataAsync(client, $"/api/v1/compliance/flags?entity_id={held.GetProperty("id").GetString()}")).GetProperty("items")[0].GetProperty("id").GetString()!;
        var kyc = (await VerifyAsync(client, b, "Amara", "Okeke", "1990-07-15", "nin", "12345678901", "NG")).GetProperty("data").GetProperty("id").GetString()!;

        var (stranger, _, _) = await Factory.NewDeveloperAsync();
        await Http.ErrorAsync(await stranger.GetAsync($"/api/v1/compliance/flags/{flagId}"), 404, "NOT_FOUND");
        await Http.ErrorAsync(await stranger.PatchAsync($"/api/v1/compliance/flags/{flagId}/status", ApiFactory.Json(new { status = "resolved" })), 404, "NOT_FOUND");
        await Http.ErrorAsync(await stranger.GetAsync($"/api/v1/compliance/verify-id/{kyc}"), 404, "NOT_FOUND");
        await Http.ErrorAsync(await stranger.PostAsync("/api/v1/compliance/flag-transaction", ApiFactory.Json(new { transfer_id = held.GetProperty("id").GetString(), reason = "x" })), 404, "NOT_FOUND");
        await Http.ErrorAsync(await stranger.PostAsync("/api/v1/compliance/verify-id", ApiFactory.Json(new
        {
            account_id = a, verification_type = "individual", first_name = "A", last_name = "B", date_of_birth = "1990-07-15",
            document_type = "nin", document_number = "12345678901", document_country = "NG",
        })), 404, "NOT_FOUND");
        Assert.Equal(0, (await GetDataAsync(stranger, "/api/v1/compliance/flags")).GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await GetDataAsync(stranger, "/api/v1/compliance/verifications")).GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await GetDataAsync(stranger, "/api/v1/compliance/flags/analytics")).GetProperty("total").GetInt64());
        // The owner's flag stays untouched.
        Assert.Equal("active", (await GetDataAsync(client, $"/api/v1/compliance/flags/{flagId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Manual_flags_lists_sorts_analytics_and_reports_come_from_the_real_data()
    {
        var (client, a, b) = await TwoAccountsAsync();
        var small = (await TransferAsync(client, a, b, "10")).GetProperty("data").GetProperty("id").GetString()!;
        var manual = (await PostAsync(client, "/api/v1/compliance/flag-transaction", new { transfer_id = small, reason = "customer complaint", severity = "low" }, 201)).GetProperty("data");
        Assert.Equal("manual", manual.GetProperty("reason_code").GetString());
        Assert.Equal("low", manual.GetProperty("severity").GetString());
        var held = (await TransferAsync(client, a, b, "4100")).GetProperty("data").GetProperty("id").GetString()!; // 1,025 USD: held
        var heldFlag = (await GetDataAsync(client, $"/api/v1/compliance/flags?entity_id={held}")).GetProperty("items")[0];
        await PatchAsync(client, $"/api/v1/compliance/flags/{manual.GetProperty("id").GetString()}/status", new { status = "resolved" }, 200);

        var newest = (await GetDataAsync(client, "/api/v1/compliance/flags")).GetProperty("items");
        Assert.Equal([heldFlag.GetProperty("id").GetString(), manual.GetProperty("id").GetString()], newest.EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        var oldest = (await GetDataAsync(client, "/api/v1/compliance/flags?sort=created_at")).GetProperty("items");
        Assert.Equal(manual.GetProperty("id").GetString(), oldest[0].GetProperty("id").GetString());
        var riskiest = (await GetDataAsync(client, "/api/v1/compliance/flags?sort=-risk_score")).GetProperty("items");
        Assert.True(riskiest[0].GetProperty("risk_score").GetInt32() >= riskiest[1].GetProperty("risk_score").GetInt32());
        var active = (await GetDataAsync(client, "/api/v1/compliance/flags?status=active")).GetProperty("items");
        Assert.Equal(held, Assert.Single(active.EnumerateArray()).GetProperty("entity_id").GetString());
        var page1 = await GetDataAsync(client, "/api/v1/compliance/flags?limit=1&sort=created_at");
        var page2 = await GetDataAsync(client, $"/api/v1/compliance/flags?limit=1&sort=created_at&starting_after={page1.GetProperty("next_cursor").GetString()}");
        Assert.Equal(heldFlag.GetProperty("id").GetString(), page2.GetProperty("items")[0].GetProperty("id").GetString());
        await Http.ErrorAsync(await client.GetAsync("/api/v1/compliance/flags?sort=amount"), 400, "VALIDATION_ERROR");

        // Not shadowed by /flags/{id}.
        var analytics = await GetDataAsync(client, "/api/v1/compliance/flags/analytics");
        Assert.Equal(2, analytics.GetProperty("total").GetInt64());
        Assert.Equal(1, analytics.GetProperty("open").GetInt64());
        Assert.Contains(analytics.GetProperty("by_reason").EnumerateArray(), r => r.GetProperty("key").GetString() == "unverified_daily_limit" && r.GetProperty("count").GetInt64() == 1);
        Assert.True(analytics.GetProperty("median_hours_to_decision").GetDouble() >= 0);

        await VerifyAsync(client, a, "Amara", "Okeke", "1990-07-15", "nin", "12345678901", "NG");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var report = await GetDataAsync(client, $"/api/v1/compliance/reports?period=monthly&start_date={today}&end_date={today}&country=NG");
        var rows = report.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(1, rows.Sum(r => r.GetProperty("verifications").GetInt64()));
        Assert.Equal(1, rows.Sum(r => r.GetProperty("verified").GetInt64()));
        Assert.Equal(2, rows.Sum(r => r.GetProperty("flags_raised").GetInt64()));
        Assert.Equal(1, rows.Sum(r => r.GetProperty("flags_resolved").GetInt64()));
        Assert.Equal(1, rows.Sum(r => r.GetProperty("flags_open").GetInt64()));
        Assert.All(rows, r => Assert.EndsWith("-01", r.GetProperty("period_start").GetString()));
        await Http.ErrorAsync(await client.GetAsync("/api/v1/compliance/reports?period=hourly"), 400, "VALIDATION_ERROR");
    }
}
