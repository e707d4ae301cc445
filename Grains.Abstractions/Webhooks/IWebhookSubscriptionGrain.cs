using Orleans.Concurrency;
using Rowell.Abstractions.Accounts;

namespace Rowell.Abstractions.Webhooks;

/// <summary>
/// One webhook endpoint (key: its whk_ id). Its state is a row in Postgres; the grain is the single writer of
/// that row and the one that attempts its deliveries, in event order, with the retry schedule.
/// Every call names the calling developer: another developer's endpoint answers as if it did not exist.
/// </summary>
[Alias("rowell.webhook-subscription")]
public interface IWebhookSubscriptionGrain : IGrainWithStringKey
{
    [Alias("create")]
    Task<CreatedWebhook> Create(CreateWebhookCommand command);

    [Alias("get"), AlwaysInterleave]
    Task<WebhookEndpointView?> Get(string developerId, string mode);

    [Alias("update")]
    Task<WebhookEndpointView> Update(string developerId, string mode, UpdateWebhookCommand command);

    [Alias("delete")]
    Task Delete(string developerId, string mode);

    [Alias("rotate")]
    Task<CreatedWebhook> RotateSecret(string developerId, string mode);

    /// <summary>Queues a webhook.test event for this endpoint only; returns its delivery.</summary>
    [Alias("test")]
    Task<DeliveryView> SendTest(string developerId, string mode);

    [Alias("deliveries"), AlwaysInterleave]
    Task<Page<DeliveryView>> ListDeliveries(string developerId, string mode, DeliveryFilter filter, PageRequest page);

    [Alias("delivery"), AlwaysInterleave]
    Task<DeliveryView?> GetDelivery(string developerId, string mode, string deliveryId);

    [Alias("redeliver")]
    Task<DeliveryView> Redeliver(string developerId, string mode, string deliveryId);

    /// <summary>New or due work may be waiting: attempt what is due now.</summary>
    [Alias("wake"), OneWay]
    Task Wake();
}
