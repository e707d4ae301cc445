using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Rowell.Grains.Email;
using StandardWebhooks;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Webhooks;

/// <summary>Deliveries end to end: the embedded API, a real local receiver, the official Standard Webhooks verifier.</summary>
[Collection(WebhooksCollection.Name)]
public sealed class WebhookDeliveryHttpTests(WebhooksApiFixture fixture)
{
    private WebhookReceiver Receiver => fixture.Receiver;

    internal static async Task<(string Id, string Secret)> CreateEndpointAsync(HttpClient client, string url, params string[] events)
    {
        var created = (await Http.ReadAsync(await client.PostAsync("/api/v1/webhooks", ApiFactory.Json(new { url, events, description = "test receiver" })), 201)).GetProperty("data");
        return (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }

    private static bool Verifies(string secret, ReceivedWebhook r, string? body = null)
    {
        try
        {
            new StandardWebhook(secret).Verify(body ?? r.Body, r.Headers);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_transfer_arrives_as_created_submitted_completed_in_order_and_each_verifies_but_a_tampered_body_does_not()
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var path = $"/hook/{Guid.NewGuid():N}";
        var (_, secret) = await CreateEndpointAsync(client, Receiver.Url(path), "transfer.created", "transfer.submitted", "transfer.completed");
        var from = (await Http.CreateAccountAsync(client, "stellar", "NG")).GetProperty("id").GetString()!;
        var to = (await Http.CreateAccountAsync(client, "stellar", "KE")).GetProperty("id").GetString()!;
        var transfer = (await Http.ReadAsync(await client.PostAsync("/api/v1/transfers", ApiFactory.Json(new { from_account = from, to_account = to, asset_code = "XLM", amount = "3" })), 201))
            .GetProperty("data").GetProperty("id").GetString()!;

        var got = (await Receiver.WaitForAsync(r => r.Count(x => x.Path == path) >= 3)).Where(r => r.Path == path).ToList();
        Assert.Equal(["transfer.created", "transfer.submitted", "transfer.completed"], got.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()));
        foreach (var r in got)
        {
            var doc = JsonDocument.Parse(r.Body).RootElement;
            Assert.Equal(r.Id, doc.GetProperty("id").GetString());
            Assert.StartsWith("evt_", r.Id);
            Assert.Equal("event", doc.GetProperty("object").GetString());
            Assert.Equal(transfer, doc.GetProperty("data").GetProperty("object").GetProperty("id").GetString());
            Assert.EndsWith("Z", doc.GetProperty("created_at").GetString());
            Assert.Equal("Rowell-Webhooks/1", r.Headers["User-Agent"].ToString());
            Assert.StartsWith("application/json", r.Headers["Content-Type"].ToString());
            Assert.True(long.Parse(r.Headers["webhook-timestamp"].ToString()) > 0);
            Assert.True(Verifies(secret, r), "the StandardWebhooks verifier accepts the delivery");
            Assert.True(await SpecVerifier.VerifiesAsync(secret, r.Headers, r.Body), "the spec verifier accepts the delivery");
            Assert.False(await SpecVerifier.VerifiesAsync(secret, r.Headers, r.Body + "x"), "the spec verifier refuses a tampered body");
            Assert.False(Verifies(secret, r, r.Body.Replace("\"XLM\"", "\"USDC\"")), "a tampered body must not verify");
            Assert.False(Verifies(WebhookSignerTests.OtherSecret, r), "another secret must not verify");
        }
        // The event as delivered is the event as GET /events/{id} shows it.
        var listed = (await Http.ReadAsync(await client.GetAsync($"/api/v1/events/{got[2].Id}"), 200)).GetProperty("data");
        Assert.Equal("transfer.completed", listed.GetProperty("type").GetString());
        Assert.Equal("completed", listed.GetProperty("data").GetProperty("object").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_receiver_down_for_three_attempts_gets_the_event_on_the_fourth_and_every_attempt_is_listed()
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var path = $"/down/{Guid.NewGuid():N}";
        Receiver.Respond = (r, before) => r.Path == path && before < 3 ? (500, null) : (200, null);
        var (endpoint, secret) = await CreateEndpointAsync(client, Receiver.Url(path), "*");
        var test = (await Http.ReadAsync(await client.PostAsync($"/api/v1/webhooks/{endpoint}/test", null), 202)).GetProperty("data");
        var deliveryId = test.GetProperty("id").GetString()!;
        Assert.StartsWith("whd_", deliveryId);

        var got = await Receiver.WaitForAsync(r => r.Count(x => x.Path == path) >= 4, 30);
        var mine = got.Where(r => r.Path == path).ToList();
        Assert.Equal(4, mine.Count);
        Assert.Single(mine.Select(r => r.Id).Distinct()); // the same webhook-id on every retry
        Assert.All(mine, r => Assert.True(Verifies(secret, r)));
        Assert.Equal("webhook.test", JsonDocument.Parse(mine[0].Body).RootElement.GetProperty("type").GetString());
        // The schedule 0s,1s,1s,1s (±20 %): each retry waits about a second.
        for (var i = 1; i < 4; i++)
        {
            Assert.True(mine[i].At - mine[i - 1].At >= TimeSpan.FromMilliseconds(700), $"retry {i} came after {(mine[i].At - mine[i - 1].At).TotalMilliseconds} ms");
        }

        JsonElement delivery = default;
        for (var i = 0; i < 50; i++)
        {
            delivery = (await Http.ReadAsync(await client.GetAsync($"/api/v1/webhooks/{endpoint}/deliveries/{deliveryId}"), 200)).GetProperty("data");
            if (delivery.GetProperty("status").GetString() == "succeeded")
            {
                break;
            }
            await Task.Delay(100);
        }
        Assert.Equal("succeeded", delivery.GetProperty("status").GetString());
        Assert.Equal(4, delivery.GetProperty("attempt_count").GetInt32());
        var attempts = delivery.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal([500, 500, 500, 200], attempts.Select(a => a.GetProperty("status_code").GetInt32()));
        Assert.Equal("status 500", attempts[0].GetProperty("response_excerpt").GetString());
        Assert.All(attempts, a => Assert.True(a.GetProperty("duration_ms").GetInt64() >= 0));
        var list = (await Http.ReadAsync(await client.GetAsync($"/api/v1/webhooks/{endpoint}/deliveries?status=succeeded"), 200)).GetProperty("data").GetProperty("items");
        Assert.Contains(list.EnumerateArray(), d => d.GetProperty("id").GetString() == deliveryId);
    }

    [Fact]
    public async Task A_redirect_is_a_failure_and_is_never_followed()
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var path = $"/redirect/{Guid.NewGuid():N}";
        var target = $"/target/{Guid.NewGuid():N}";
        Receiver.Respond = (r, _) => r.Path == path ? (302, new Dictionary<string, string> { ["Location"] = Receiver.Url(target) }) : (200, null);
        var (endpoint, _) = await CreateEndpointAsync(client, Receiver.Url(path), "*");
        var deliveryId = (await Http.ReadAsync(await client.PostAsync($"/api/v1/webhooks/{endpoint}/test", null), 202)).GetProperty("data").GetProperty("id").GetString()!;

        await Receiver.WaitForAsync(r => r.Count(x => x.Path == path) >= 2, 20);
        var delivery = (await Http.ReadAsync(await client.GetAsync($"/api/v1/webhooks/{endpoint}/deliveries/{deliveryId}"), 200)).GetProperty("data");
        Assert.NotEqual("succeeded", delivery.GetProperty("status").GetString());
        Assert.Equal(302, delivery.GetProperty("attempts")[0].GetProperty("status_code").GetInt32());
        Assert.Empty(Receiver.On(target));
    }

    [Fact]
    public async Task Retry_After_on_503_is_honoured()
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var path = $"/busy/{Guid.NewGuid():N}";
        Receiver.Respond = (r, before) => r.Path == path && before == 0 ? (503, new Dictionary<string, string> { ["Retry-After"] = "3" }) : (200, null);
        var (endpoint, _) = await CreateEndpointAsync(client, Receiver.Url(path), "*");
        await client.PostAsync($"/api/v1/webhooks/{endpoint}/test", null);
        var got = (await Receiver.WaitForAsync(r => r.Count(x => x.Path == path) >= 2, 20)).Where(r => r.Path == path).ToList();
        Assert.Equal(2, got.Count);
        Assert.True(got[1].At - got[0].At >= TimeSpan.FromSeconds(2.8), $"the retry came {(got[1].At - got[0].At).TotalSeconds} s later, before Retry-After");
    }

    [Fact]
    public async Task Gone_disables_the_endpoint_with_an_event_and_an_email()
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var path = $"/gone/{Guid.NewGuid():N}";
        Receiver.Respond = (r, _) => r.Path == path ? (410, null) : (200, null);
        var (endpoint, _) = await CreateEndpointAsync(client, Receiver.Url(path), "*");
        await client.PostAsync($"/api/v1/webhooks/{endpoint}/test", null);

        JsonElement view = default;
        for (var i = 0; i < 100; i++)
        {
            view = (await Http.ReadAsync(await client.GetAsync($"/api/v1/webhooks/{endpoint}"), 200)).GetProperty("data");
            if (view.GetProperty("status").GetString() == "disabled")
            {
                break;
            }
            await Task.Delay(100);
        }
        Assert.Equal("disabled", view.GetProperty("status").GetString());
        Assert.Contains("410", view.GetProperty("disabled_reason").GetString());
        var events = (await Http.ReadAsync(await client.GetAsync("/api/v1/events?type=webhook_endpoint.disabled"), 200)).GetProperty("data").GetProperty("items");
        var disabled = Assert.Single(events.EnumerateArray());
        Assert.Equal(endpoint, disabled.GetProperty("data").GetProperty("object").GetProperty("id").GetString());
        Assert.Single(Receiver.On(path));
        // Without SMTP_URL the outbox records the notification as skipped (never an error for the caller).
        var outbox = fixture.Factory.Services.GetRequiredService<IEmailOutbox>();
        OutboxEmail? email = null;
        for (var i = 0; i < 100 && email?.Status != EmailStatuses.Skipped; i++)
        {
            await Task.Delay(100);
            email = await outbox.GetAsync(disabled.GetProperty("id").GetString()!, CancellationToken.None);
        }
        Assert.Equal(EmailStatuses.Skipped, email?.Status);

        // Re-enabling works and starts afresh.
        var enabled = (await Http.ReadAsync(await client.PatchAsync($"/api/v1/webhooks/{endpoint}", ApiFactory.Json(new { status = "enabled" })), 200)).GetProperty("data");
        Assert.Equal("enabled", enabled.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, enabled.GetProperty("disabled_reason").ValueKind);
    }
}
