using System.Text.Json;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Webhooks;

/// <summary>
/// Concurrent delivery to one endpoint, observed by a real receiver: different resources overlap, the events of
/// one resource arrive one at a time and in event order, and a hanging resource holds no other back.
/// </summary>
[Collection(WebhooksCollection.Name)]
public sealed class WebhookConcurrencyTests(WebhooksApiFixture fixture)
{
    private WebhookReceiver Receiver => fixture.Receiver;

    private static string TypeOf(ReceivedWebhook r) => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()!;

    [Fact]
    public async Task Resources_are_delivered_side_by_side_while_each_resources_events_come_one_at_a_time_in_order()
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var path = $"/lanes/{Guid.NewGuid():N}";
        // A slow receiver: every answer takes a while, so serial delivery could never show two requests open at once.
        Receiver.Hold = r => r.Path == path ? Task.Delay(250) : Task.CompletedTask;
        try
        {
            await WebhookDeliveryHttpTests.CreateEndpointAsync(client, Receiver.Url(path), "transfer.created", "transfer.submitted", "transfer.completed");
            var from = (await Http.CreateAccountAsync(client, "stellar", "NG")).GetProperty("id").GetString()!;
            var to = (await Http.CreateAccountAsync(client, "stellar", "KE")).GetProperty("id").GetString()!;
            var transfers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
                (await Http.ReadAsync(await client.PostAsync("/api/v1/transfers", ApiFactory.Json(new { from_account = from, to_account = to, asset_code = "XLM", amount = "1" })), 201))
                    .GetProperty("data").GetProperty("id").GetString()!));

            var got = (await Receiver.WaitForAsync(r => r.Count(x => x.Path == path) >= 18, 60)).Where(r => r.Path == path).ToList();
            Assert.Equal(18, got.Count);
            foreach (var transfer in transfers)
            {
                var mine = got.Where(r => WebhookReceiver.ResourceOf(r) == transfer).ToList();
                Assert.Equal(["transfer.created", "transfer.submitted", "transfer.completed"], mine.Select(TypeOf));
                Assert.Equal(1, Receiver.MaxOpen(path, transfer));
            }
            Assert.True(Receiver.MaxOpen(path) > 1, $"at most {Receiver.MaxOpen(path)} request was open at once: delivery is serial");
        }
        finally
        {
            Receiver.Hold = null;
        }
    }

    [Fact]
    public async Task A_resource_whose_delivery_hangs_and_fails_does_not_hold_back_another_resource()
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var path = $"/stuck/{Guid.NewGuid():N}";
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        static bool IsStuck(ReceivedWebhook r) => r.Body.Contains("\"country_code\":\"NG\"", StringComparison.Ordinal);
        // The NG account's deliveries hang until released, then fail; everything else is answered at once.
        Receiver.Hold = r => r.Path == path && IsStuck(r) ? release.Task : Task.CompletedTask;
        Receiver.Respond = (r, _) => r.Path == path && IsStuck(r) ? (500, null) : (200, null);
        try
        {
            var (endpoint, _) = await WebhookDeliveryHttpTests.CreateEndpointAsync(client, Receiver.Url(path), "account.created");
            var stuck = (await Http.CreateAccountAsync(client, "stellar", "NG")).GetProperty("id").GetString()!;
            await Receiver.WaitForAsync(r => r.Any(x => x.Path == path && IsStuck(x)));
            Assert.Contains(Receiver.On(path), IsStuck);

            var other = (await Http.CreateAccountAsync(client, "stellar", "KE")).GetProperty("id").GetString()!;
            var got = await Receiver.WaitForAsync(r => r.Any(x => x.Path == path && WebhookReceiver.ResourceOf(x) == other));
            // Delivered while the first resource's request is still open: nothing waited for it.
            Assert.False(release.Task.IsCompleted);
            Assert.Contains(got, x => x.Path == path && WebhookReceiver.ResourceOf(x) == other);

            release.SetResult();
            var stuckEvent = Receiver.On(path).First(IsStuck).Id;
            var otherEvent = got.First(x => x.Path == path && WebhookReceiver.ResourceOf(x) == other).Id;
            var stuckAttempts = 0;
            List<JsonElement> deliveries = [];
            for (var i = 0; i < 100 && stuckAttempts == 0; i++)
            {
                await Task.Delay(100);
                deliveries = (await Http.ReadAsync(await client.GetAsync($"/api/v1/webhooks/{endpoint}/deliveries"), 200)).GetProperty("data").GetProperty("items").EnumerateArray().ToList();
                stuckAttempts = deliveries.Single(x => x.GetProperty("event_id").GetString() == stuckEvent).GetProperty("attempt_count").GetInt32();
            }
            var stuckId = deliveries.Single(x => x.GetProperty("event_id").GetString() == stuckEvent).GetProperty("id").GetString();
            var stuckDelivery = (await Http.ReadAsync(await client.GetAsync($"/api/v1/webhooks/{endpoint}/deliveries/{stuckId}"), 200)).GetProperty("data");
            Assert.Equal(500, stuckDelivery.GetProperty("attempts")[0].GetProperty("status_code").GetInt32());
            Assert.Equal("succeeded", deliveries.Single(x => x.GetProperty("event_id").GetString() == otherEvent).GetProperty("status").GetString());
            Assert.NotEqual(stuck, other);
        }
        finally
        {
            release.TrySetResult();
            Receiver.Hold = null;
            Receiver.Respond = (_, _) => (200, null);
        }
    }
}
