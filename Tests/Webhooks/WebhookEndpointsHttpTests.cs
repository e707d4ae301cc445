using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Webhooks;

/// <summary>The webhook endpoint API: secret once, CRUD, scoping to the developer and the key's mode, rotation, test events.</summary>
[Collection(WebhooksCollection.Name)]
public sealed class WebhookEndpointsHttpTests(WebhooksApiFixture fixture)
{
    [Fact]
    public async Task The_secret_is_shown_once_and_the_endpoint_can_be_listed_changed_and_deleted()
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var (id, secret) = await WebhookDeliveryHttpTests.CreateEndpointAsync(client, fixture.Receiver.Url("/crud"), "transfer.completed");
        Assert.StartsWith("whk_", id);
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);

        var got = (await Http.ReadAsync(await client.GetAsync($"/api/v1/webhooks/{id}"), 200)).GetProperty("data");
        Assert.Equal("webhook_endpoint", got.GetProperty("object").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, got.GetProperty("secret").ValueKind);
        Assert.DoesNotContain(secret, (await (await client.GetAsync("/api/v1/webhooks")).Content.ReadAsStringAsync()));

        var patched = (await Http.ReadAsync(await client.PatchAsync($"/api/v1/webhooks/{id}",
            ApiFactory.Json(new { events = new[] { "*" }, description = "all of them", status = "disabled" })), 200)).GetProperty("data");
        Assert.Equal(["*"], patched.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("disabled", patched.GetProperty("status").GetString());
        await Http.ErrorAsync(await client.PatchAsync($"/api/v1/webhooks/{id}", ApiFactory.Json(new { events = new[] { "transfer.exploded" } })), 400, "VALIDATION_ERROR");
        await Http.ErrorAsync(await client.PatchAsync($"/api/v1/webhooks/{id}", ApiFactory.Json(new { status = "paused" })), 400, "VALIDATION_ERROR");
        await Http.ErrorAsync(await client.PostAsync("/api/v1/webhooks", ApiFactory.Json(new { url = fixture.Receiver.Url("/x"), events = Array.Empty<string>() })), 400, "VALIDATION_ERROR");

        var list = (await Http.ReadAsync(await client.GetAsync("/api/v1/webhooks"), 200)).GetProperty("data").GetProperty("items");
        Assert.Contains(list.EnumerateArray(), w => w.GetProperty("id").GetString() == id);

        await Http.ReadAsync(await client.DeleteAsync($"/api/v1/webhooks/{id}"), 200);
        await Http.ErrorAsync(await client.GetAsync($"/api/v1/webhooks/{id}"), 404, "NOT_FOUND");
    }

    [Fact]
    public async Task Another_developer_sees_nothing_and_gets_nothing()
    {
        var (owner, _, _) = await fixture.Factory.NewDeveloperAsync();
        var (stranger, _, _) = await fixture.Factory.NewDeveloperAsync();
        var path = $"/mine/{Guid.NewGuid():N}";
        var (id, _) = await WebhookDeliveryHttpTests.CreateEndpointAsync(owner, fixture.Receiver.Url(path), "*");
        await Http.ErrorAsync(await stranger.GetAsync($"/api/v1/webhooks/{id}"), 404, "NOT_FOUND");
        await Http.ErrorAsync(await stranger.PatchAsync($"/api/v1/webhooks/{id}", ApiFactory.Json(new { status = "disabled" })), 404, "NOT_FOUND");
        await Http.ErrorAsync(await stranger.DeleteAsync($"/api/v1/webhooks/{id}"), 404, "NOT_FOUND");
        await Http.ErrorAsync(await stranger.PostAsync($"/api/v1/webhooks/{id}/test", null), 404, "NOT_FOUND");
        await Http.ErrorAsync(await stranger.GetAsync($"/api/v1/webhooks/{id}/deliveries"), 404, "NOT_FOUND");
        Assert.DoesNotContain(id, await (await stranger.GetAsync("/api/v1/webhooks")).Content.ReadAsStringAsync());

        // The stranger's own activity (an account, its wallet, its key) never reaches the owner's endpoint.
        await Http.CreateAccountAsync(stranger);
        await Task.Delay(1500);
        Assert.Empty(fixture.Receiver.On(path));
    }

    [Fact]
    public async Task Patch_leaves_an_absent_description_alone_and_clears_it_with_null_or_an_empty_string()
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var (id, _) = await WebhookDeliveryHttpTests.CreateEndpointAsync(client, fixture.Receiver.Url("/description"), "*");
        async Task<System.Text.Json.JsonElement> PatchAsync(string body) =>
            (await Http.ReadAsync(await client.PatchAsync($"/api/v1/webhooks/{id}", ApiFactory.Raw(body)), 200)).GetProperty("data").GetProperty("description");

        Assert.Equal("test receiver", (await PatchAsync("""{"events":["transfer.completed"]}""")).GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await PatchAsync("""{"description":null}""")).ValueKind);
        Assert.Equal("back again", (await PatchAsync("""{"description":"  back again "}""")).GetString());
        Assert.Equal("back again", (await PatchAsync("""{"status":"enabled"}""")).GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await PatchAsync("""{"description":""}""")).ValueKind);
        var stored = (await Http.ReadAsync(await client.GetAsync($"/api/v1/webhooks/{id}"), 200)).GetProperty("data");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, stored.GetProperty("description").ValueKind);

        var error = await Http.ErrorAsync(await client.PatchAsync($"/api/v1/webhooks/{id}", ApiFactory.Raw("""{"description":5}""")), 400, "VALIDATION_ERROR");
        Assert.Contains("description", error.ToString());
        await Http.ErrorAsync(await client.PatchAsync($"/api/v1/webhooks/{id}", ApiFactory.Json(new { description = new string('d', 501) })), 400, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task During_the_overlap_every_real_delivery_carries_both_signatures_and_either_secret_verifies_it()
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var path = $"/rotating/{Guid.NewGuid():N}";
        var (id, oldSecret) = await WebhookDeliveryHttpTests.CreateEndpointAsync(client, fixture.Receiver.Url(path), "transfer.created", "transfer.submitted", "transfer.completed");
        var newSecret = (await Http.ReadAsync(await client.PostAsync($"/api/v1/webhooks/{id}/rotate-secret", null), 200)).GetProperty("data").GetProperty("secret").GetString()!;
        var from = (await Http.CreateAccountAsync(client, "stellar", "NG")).GetProperty("id").GetString()!;
        var to = (await Http.CreateAccountAsync(client, "stellar", "KE")).GetProperty("id").GetString()!;
        await Http.ReadAsync(await client.PostAsync("/api/v1/transfers", ApiFactory.Json(new { from_account = from, to_account = to, asset_code = "XLM", amount = "2" })), 201);

        var got = (await fixture.Receiver.WaitForAsync(r => r.Count(x => x.Path == path) >= 3)).Where(r => r.Path == path).ToList();
        Assert.Equal(3, got.Count);
        foreach (var delivery in got)
        {
            var signatures = delivery.Headers["webhook-signature"].ToString().Split(' ');
            Assert.Equal(2, signatures.Length);
            Assert.All(signatures, x => Assert.StartsWith("v1,", x));
            // The spec's algorithm over the whole list (SpecVerifier): either secret is enough, a tampered body is not.
            Assert.True(await SpecVerifier.VerifiesAsync(newSecret, delivery.Headers, delivery.Body));
            Assert.True(await SpecVerifier.VerifiesAsync(oldSecret, delivery.Headers, delivery.Body));
            Assert.False(await SpecVerifier.VerifiesAsync(oldSecret, delivery.Headers, delivery.Body + " "));
            Assert.False(await SpecVerifier.VerifiesAsync(WebhookSignerTests.OtherSecret, delivery.Headers, delivery.Body));
            // The new secret's signature comes first, so a verifier that reads only the first one accepts the new secret.
            new StandardWebhook(newSecret).Verify(delivery.Body, delivery.Headers);
        }
    }

    [Fact]
    public async Task Rotation_sends_both_signatures_and_the_test_event_goes_to_that_endpoint_only()
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var pathA = $"/rot/{Guid.NewGuid():N}";
        var pathB = $"/other/{Guid.NewGuid():N}";
        var (id, oldSecret) = await WebhookDeliveryHttpTests.CreateEndpointAsync(client, fixture.Receiver.Url(pathA), "*");
        await WebhookDeliveryHttpTests.CreateEndpointAsync(client, fixture.Receiver.Url(pathB), "*");
        var rotated = (await Http.ReadAsync(await client.PostAsync($"/api/v1/webhooks/{id}/rotate-secret", null), 200)).GetProperty("data");
        var newSecret = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(oldSecret, newSecret);

        await Http.ReadAsync(await client.PostAsync($"/api/v1/webhooks/{id}/test", null), 202);
        var got = await fixture.Receiver.WaitForAsync(r => r.Any(x => x.Path == pathA && x.Body.Contains("webhook.test")));
        var delivery = got.Last(r => r.Path == pathA && r.Body.Contains("webhook.test"));
        Assert.Equal(2, delivery.Headers["webhook-signature"].ToString().Split(' ').Length);
        Assert.True(await SpecVerifier.VerifiesAsync(newSecret, delivery.Headers, delivery.Body));
        Assert.True(await SpecVerifier.VerifiesAsync(oldSecret, delivery.Headers, delivery.Body));
        new StandardWebhook(newSecret).Verify(delivery.Body, delivery.Headers);
        await Task.Delay(500);
        Assert.DoesNotContain(fixture.Receiver.On(pathB), r => r.Body.Contains("webhook.test"));
    }

    [Fact]
    public async Task Events_list_the_developers_own_account_wallet_and_key_events_in_its_mode()
    {
        var (client, developerId, _) = await fixture.Factory.NewDeveloperAsync();
        var account = await Http.CreateAccountAsync(client);
        var accountId = account.GetProperty("id").GetString()!;
        var walletId = account.GetProperty("wallets")[0].GetProperty("id").GetString()!;

        var all = (await Http.ReadAsync(await client.GetAsync("/api/v1/events?limit=100"), 200)).GetProperty("data").GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(all, e => e.GetProperty("type").GetString() == "api_key.created");
        var created = Assert.Single(all, e => e.GetProperty("type").GetString() == "account.created");
        Assert.Equal(accountId, created.GetProperty("data").GetProperty("object").GetProperty("id").GetString());
        Assert.Equal(walletId, created.GetProperty("data").GetProperty("object").GetProperty("wallets")[0].GetProperty("id").GetString());
        var wallet = Assert.Single(all, e => e.GetProperty("type").GetString() == "wallet.created");
        Assert.Equal(account.GetProperty("wallets")[0].GetProperty("address").GetString(), wallet.GetProperty("data").GetProperty("object").GetProperty("address").GetString());

        var onlyAccounts = (await Http.ReadAsync(await client.GetAsync("/api/v1/events?type=account.created"), 200)).GetProperty("data").GetProperty("items");
        Assert.All(onlyAccounts.EnumerateArray(), e => Assert.Equal("account.created", e.GetProperty("type").GetString()));
        var future = (await Http.ReadAsync(await client.GetAsync($"/api/v1/events?created_gte={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"))}"), 200)).GetProperty("data").GetProperty("items");
        Assert.Equal(0, future.GetArrayLength());
        var page = (await Http.ReadAsync(await client.GetAsync("/api/v1/events?limit=1"), 200)).GetProperty("data");
        Assert.True(page.GetProperty("has_more").GetBoolean());
        var next = (await Http.ReadAsync(await client.GetAsync($"/api/v1/events?limit=1&starting_after={page.GetProperty("next_cursor").GetString()}"), 200)).GetProperty("data");
        Assert.NotEqual(page.GetProperty("items")[0].GetProperty("id").GetString(), next.GetProperty("items")[0].GetProperty("id").GetString());
        await Http.ErrorAsync(await client.GetAsync("/api/v1/events?type=nope"), 400, "VALIDATION_ERROR");

        // A live key of the same developer sees none of the test-mode events; another developer gets 404.
        var live = (await Http.ReadAsync(await client.PostAsync("/api/v1/developers/me/api-keys",
            ApiFactory.Json(new { name = "live", mode = "live", permissions = new[] { "webhooks:read" } })), 201)).GetProperty("data").GetProperty("secret").GetString()!;
        var liveClient = fixture.Factory.CreateClient();
        liveClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", live);
        var liveEvents = (await Http.ReadAsync(await liveClient.GetAsync("/api/v1/events?limit=100"), 200)).GetProperty("data").GetProperty("items").EnumerateArray().ToList();
        Assert.DoesNotContain(liveEvents, e => e.GetProperty("type").GetString() == "account.created");
        Assert.Contains(liveEvents, e => e.GetProperty("type").GetString() == "api_key.created"); // the live key's own creation is a live event
        await Http.ErrorAsync(await liveClient.GetAsync($"/api/v1/events/{created.GetProperty("id").GetString()}"), 404, "NOT_FOUND");
        var (stranger, _, _) = await fixture.Factory.NewDeveloperAsync();
        await Http.ErrorAsync(await stranger.GetAsync($"/api/v1/events/{created.GetProperty("id").GetString()}"), 404, "NOT_FOUND");
        Assert.NotNull(developerId);
    }
}
