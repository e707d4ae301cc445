using Rowell.Client.Models;

namespace Rowell.Client.Resources;

public sealed class EventsResource(RowellClient client)
{
    public Task<Page<Event>> ListAsync(EventFilter? filter = null, PageOptions? page = null, CancellationToken ct = default) =>
        client.GetAsync<Page<Event>>("events" + (page ?? new()).Apply((filter ?? new()).Apply(QueryString.Empty)), ct);

    public IAsyncEnumerable<Event> ListAllAsync(EventFilter? filter = null, int pageSize = 100, CancellationToken ct = default) =>
        client.PagesAsync<Event>("events", (filter ?? new()).Apply(QueryString.Empty), pageSize, ct);

    public Task<Event> GetAsync(string id, CancellationToken ct = default) => client.GetAsync<Event>($"events/{AccountsResource.Esc(id)}", ct);
}

public sealed class WebhooksResource(RowellClient client)
{
    public Task<WebhookEndpoint> CreateAsync(CreateWebhookRequest request, RequestOptions? options = null, CancellationToken ct = default) =>
        client.CreateAsync<WebhookEndpoint>("webhooks", request, options, ct);

    public Task<Page<WebhookEndpoint>> ListAsync(PageOptions? page = null, CancellationToken ct = default) =>
        client.GetAsync<Page<WebhookEndpoint>>("webhooks" + (page ?? new()).Apply(QueryString.Empty), ct);

    public IAsyncEnumerable<WebhookEndpoint> ListAllAsync(int pageSize = 100, CancellationToken ct = default) =>
        client.PagesAsync<WebhookEndpoint>("webhooks", QueryString.Empty, pageSize, ct);

    public Task<WebhookEndpoint> GetAsync(string id, CancellationToken ct = default) => client.GetAsync<WebhookEndpoint>(Path(id), ct);

    public Task<WebhookEndpoint> UpdateAsync(string id, UpdateWebhookRequest request, CancellationToken ct = default) =>
        client.SendAsync<WebhookEndpoint>(HttpMethod.Patch, Path(id), request, ct);

    public Task<Deleted> DeleteAsync(string id, CancellationToken ct = default) =>
        client.SendAsync<Deleted>(HttpMethod.Delete, Path(id), null, ct);

    public Task<WebhookEndpoint> RotateSecretAsync(string id, CancellationToken ct = default) =>
        client.PostAsync<WebhookEndpoint>(Path(id) + "/rotate-secret", null, ct);

    /// <summary>Sends a webhook.test event to this endpoint only; answers with its (pending) delivery.</summary>
    public Task<WebhookDelivery> TestAsync(string id, CancellationToken ct = default) =>
        client.PostAsync<WebhookDelivery>(Path(id) + "/test", null, ct);

    public Task<Page<WebhookDelivery>> DeliveriesAsync(string id, DeliveryFilter? filter = null, PageOptions? page = null, CancellationToken ct = default) =>
        client.GetAsync<Page<WebhookDelivery>>(Path(id) + "/deliveries" + (page ?? new()).Apply((filter ?? new()).Apply(QueryString.Empty)), ct);

    public Task<WebhookDelivery> DeliveryAsync(string id, string deliveryId, CancellationToken ct = default) =>
        client.GetAsync<WebhookDelivery>(Path(id) + "/deliveries/" + AccountsResource.Esc(deliveryId), ct);

    public Task<WebhookDelivery> RedeliverAsync(string id, string deliveryId, CancellationToken ct = default) =>
        client.PostAsync<WebhookDelivery>(Path(id) + "/deliveries/" + AccountsResource.Esc(deliveryId) + "/redeliver", null, ct);

    private static string Path(string id) => "webhooks/" + AccountsResource.Esc(id);
}

public sealed class DepositsResource(RowellClient client)
{
    public Task<Page<Deposit>> ListAsync(PageOptions? page = null, CancellationToken ct = default) =>
        client.GetAsync<Page<Deposit>>("deposits" + (page ?? new()).Apply(QueryString.Empty), ct);

    public IAsyncEnumerable<Deposit> ListAllAsync(int pageSize = 100, CancellationToken ct = default) =>
        client.PagesAsync<Deposit>("deposits", QueryString.Empty, pageSize, ct);
}

public sealed class ComplianceResource(RowellClient client)
{
    public Task<Verification> VerifyIdAsync(VerifyIdRequest request, RequestOptions? options = null, CancellationToken ct = default) =>
        client.CreateAsync<Verification>("compliance/verify-id", request, options, ct);

    public Task<Verification> VerificationAsync(string id, CancellationToken ct = default) =>
        client.GetAsync<Verification>($"compliance/verify-id/{AccountsResource.Esc(id)}", ct);

    public Task<Page<Verification>> VerificationsAsync(PageOptions? page = null, CancellationToken ct = default) =>
        client.GetAsync<Page<Verification>>("compliance/verifications" + (page ?? new()).Apply(QueryString.Empty), ct);

    public Task<Flag> FlagTransactionAsync(FlagTransactionRequest request, RequestOptions? options = null, CancellationToken ct = default) =>
        client.CreateAsync<Flag>("compliance/flag-transaction", request, options, ct);

    public Task<Page<Flag>> FlagsAsync(FlagFilter? filter = null, PageOptions? page = null, CancellationToken ct = default) =>
        client.GetAsync<Page<Flag>>("compliance/flags" + (page ?? new()).Apply((filter ?? new()).Apply(QueryString.Empty)), ct);

    public IAsyncEnumerable<Flag> AllFlagsAsync(FlagFilter? filter = null, int pageSize = 100, CancellationToken ct = default) =>
        client.PagesAsync<Flag>("compliance/flags", (filter ?? new()).Apply(QueryString.Empty), pageSize, ct);

    public Task<Flag> FlagAsync(string id, CancellationToken ct = default) => client.GetAsync<Flag>($"compliance/flags/{AccountsResource.Esc(id)}", ct);

    /// <summary>resolved releases a transfer held in compliance_review; closed rejects it; escalated keeps it held.</summary>
    public Task<Flag> UpdateFlagStatusAsync(string id, UpdateFlagStatusRequest request, CancellationToken ct = default) =>
        client.SendAsync<Flag>(HttpMethod.Patch, $"compliance/flags/{AccountsResource.Esc(id)}/status", request, ct);
}

public sealed class AnalyticsResource(RowellClient client)
{
    public Task<AnalyticsPage<RemittanceItem>> RemittanceAsync(AnalyticsQuery? query = null, CancellationToken ct = default) =>
        client.GetAsync<AnalyticsPage<RemittanceItem>>("analytics/remittance" + (query ?? new()).Apply(QueryString.Empty), ct);

    public Task<AnalyticsPage<StablecoinItem>> StablecoinAsync(AnalyticsQuery? query = null, CancellationToken ct = default) =>
        client.GetAsync<AnalyticsPage<StablecoinItem>>("analytics/stablecoin" + (query ?? new()).Apply(QueryString.Empty), ct);

    public Task<AnalyticsPage<MerchantItem>> MerchantsAsync(AnalyticsQuery? query = null, CancellationToken ct = default) =>
        client.GetAsync<AnalyticsPage<MerchantItem>>("analytics/merchants" + (query ?? new()).Apply(QueryString.Empty), ct);

    public Task<AnalyticsPage<NetworkItem>> NetworkAsync(AnalyticsQuery? query = null, CancellationToken ct = default) =>
        client.GetAsync<AnalyticsPage<NetworkItem>>("analytics/network" + (query ?? new()).Apply(QueryString.Empty), ct);

    public Task<AnalyticsDashboard> DashboardAsync(CancellationToken ct = default) => client.GetAsync<AnalyticsDashboard>("analytics/dashboard", ct);

    /// <summary>metric volume|count|success_rate|settlement_p95; interval hour|day.</summary>
    public Task<Timeseries> TimeseriesAsync(string metric, string interval = "day", CancellationToken ct = default) =>
        client.GetAsync<Timeseries>("analytics/timeseries" + QueryString.Empty.With("metric", metric).With("interval", interval), ct);
}
