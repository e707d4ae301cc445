using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Webhooks;

/// <summary>
/// The embedded API with webhook delivery tuned for tests: http and loopback receivers allowed, the retry
/// schedule shortened through ROWELL_WEBHOOK_RETRY_SCHEDULE only, a fast relay poll, a short disable window.
/// </summary>
public sealed class WebhooksApiFixture : IAsyncLifetime
{
    public ApiFactory Factory { get; } = new(TestSettings.Embedded(), new Dictionary<string, string>
    {
        ["ROWELL_WEBHOOKS_ALLOW_HTTP"] = "true",
        ["ROWELL_WEBHOOKS_ALLOW_PRIVATE"] = "true",
        ["ROWELL_WEBHOOK_RETRY_SCHEDULE"] = "0s,1s,1s,1s",
        ["ROWELL_EVENT_POLL_MS"] = "50",
        ["ROWELL_WEBHOOK_SECRET_OVERLAP_MS"] = "60000",
    });

    public WebhookReceiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory.CreateClient().Dispose();
        Receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await Factory.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebhooksCollection : ICollectionFixture<WebhooksApiFixture>
{
    public const string Name = "webhooks-api";
}
