using System.Text.Json;
using Rowell.Tests.Email;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Webhooks;

/// <summary>
/// An endpoint that keeps failing with no success for the configured period (5 days in production, shortened
/// here through ROWELL_WEBHOOK_DISABLE_AFTER_MS) is disabled, with a webhook_endpoint.disabled event and an email.
/// </summary>
public sealed class WebhookAutoDisableTests
{
    [Fact]
    public async Task An_endpoint_failing_for_the_whole_period_is_disabled_with_an_event_and_an_email()
    {
        await using var smtp = new SmtpCatcher();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var factory = new ApiFactory(TestSettings.Embedded(), new Dictionary<string, string>
        {
            ["ROWELL_WEBHOOKS_ALLOW_HTTP"] = "true",
            ["ROWELL_WEBHOOKS_ALLOW_PRIVATE"] = "true",
            // More attempts than the period needs: the endpoint must be disabled by the failing clock, not by running out of retries.
            ["ROWELL_WEBHOOK_RETRY_SCHEDULE"] = "0s,500ms,500ms,500ms,500ms,500ms,500ms,500ms,500ms,500ms,500ms,500ms",
            ["ROWELL_WEBHOOK_DISABLE_AFTER_MS"] = "2000",
            ["ROWELL_EVENT_POLL_MS"] = "50",
            ["SMTP_URL"] = smtp.Url,
        });
        var (client, _, _) = await factory.NewDeveloperAsync();
        var email = (await Http.ReadAsync(await client.GetAsync("/api/v1/developers/me"), 200)).GetProperty("data").GetProperty("email").GetString()!;
        var path = $"/failing/{Guid.NewGuid():N}";
        receiver.Respond = (r, _) => r.Path == path ? (500, null) : (200, null);
        var (endpoint, _) = await WebhookDeliveryHttpTests.CreateEndpointAsync(client, receiver.Url(path), "*");
        await Http.ReadAsync(await client.PostAsync($"/api/v1/webhooks/{endpoint}/test", null), 202);

        JsonElement view = default;
        for (var i = 0; i < 200; i++)
        {
            view = (await Http.ReadAsync(await client.GetAsync($"/api/v1/webhooks/{endpoint}"), 200)).GetProperty("data");
            if (view.GetProperty("status").GetString() == "disabled")
            {
                break;
            }
            await Task.Delay(100);
        }
        Assert.Equal("disabled", view.GetProperty("status").GetString());
        Assert.StartsWith("No delivery succeeded since ", view.GetProperty("disabled_reason").GetString());
        // It was the clock, not a 410 and not the end of the schedule: several attempts failed first, and the delivery is still pending.
        var deliveryId = (await Http.ReadAsync(await client.GetAsync($"/api/v1/webhooks/{endpoint}/deliveries"), 200)).GetProperty("data").GetProperty("items")[0].GetProperty("id").GetString();
        var delivery = (await Http.ReadAsync(await client.GetAsync($"/api/v1/webhooks/{endpoint}/deliveries/{deliveryId}"), 200)).GetProperty("data");
        Assert.Equal("pending", delivery.GetProperty("status").GetString());
        Assert.True(delivery.GetProperty("attempt_count").GetInt32() >= 2);
        Assert.All(delivery.GetProperty("attempts").EnumerateArray(), a => Assert.Equal(500, a.GetProperty("status_code").GetInt32()));

        var events = (await Http.ReadAsync(await client.GetAsync("/api/v1/events?type=webhook_endpoint.disabled"), 200)).GetProperty("data").GetProperty("items");
        var disabled = Assert.Single(events.EnumerateArray());
        var endpointObject = disabled.GetProperty("data").GetProperty("object");
        Assert.Equal(endpoint, endpointObject.GetProperty("id").GetString());
        Assert.Equal("disabled", endpointObject.GetProperty("status").GetString());

        var mails = await smtp.WaitForAsync(m => m.To.ToString().Contains(email) && (m.Subject ?? "").Contains("disabled"));
        var mail = Assert.Single(mails);
        Assert.Contains(endpoint, mail.Subject ?? "");
        Assert.Contains("No delivery succeeded since", mail.TextBody ?? "");
        Assert.Equal(disabled.GetProperty("id").GetString() + "@rowell", mail.MessageId ?? "");

        // Disabled means no more attempts, and nothing else is disabled twice.
        var attempts = receiver.On(path).Count;
        await Task.Delay(1500);
        Assert.Equal(attempts, receiver.On(path).Count);
        Assert.Single((await Http.ReadAsync(await client.GetAsync("/api/v1/events?type=webhook_endpoint.disabled"), 200)).GetProperty("data").GetProperty("items").EnumerateArray());
    }
}
