using Microsoft.Extensions.Logging;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Events;
using Rowell.Abstractions.Webhooks;
using Rowell.Grains.Events;
using Rowell.Grains.Hosting;
using Rowell.Grains.Wallets;

namespace Rowell.Grains.Webhooks;

/// <summary>
/// One webhook endpoint: the single writer of its row and the one that delivers to it (see the Delivery part).
/// The secret is shown once, at create and rotate; at rest it is sealed by the key vault with the endpoint id
/// as associated data.
/// </summary>
public sealed partial class WebhookSubscriptionGrain(
    IWebhookStore store,
    WebhookSender sender,
    WalletKeyVault vault,
    RowellSettings settings,
    TimeProvider time,
    WebhookMetrics metrics,
    ILogger<WebhookSubscriptionGrain> logger) : Grain, IWebhookSubscriptionGrain, IRemindable
{
    public const int MaxDescription = 500;
    private WebhookEndpointRow? _row;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _row = await store.GetEndpointAsync(Id, cancellationToken);
        if (_row is not null)
        {
            ScheduleWake(TimeSpan.Zero);
        }
    }

    public async Task<CreatedWebhook> Create(CreateWebhookCommand command)
    {
        if (_row is not null)
        {
            throw new RowellException(ErrorCodes.Conflict, $"Webhook endpoint {Id} already exists.");
        }
        var url = (await sender.Policy.ValidateAsync(command.Url, CancellationToken.None)).OriginalString;
        var events = ValidEvents(command.Events);
        var secret = WebhookSigner.NewSecret();
        var now = time.GetUtcNow();
        var row = new WebhookEndpointRow(Id, command.DeveloperId, command.Mode, url, events, WebhookStatuses.Enabled, ValidDescription(command.Description),
            null, Seal(secret), null, null, null, now, now, 0);
        await store.InsertEndpointAsync(row, CancellationToken.None);
        _row = row;
        return new CreatedWebhook(row.View(), secret);
    }

    public Task<WebhookEndpointView?> Get(string developerId, string mode) =>
        Task.FromResult(Owns(developerId, mode) ? _row!.View() : null);

    public async Task<WebhookEndpointView> Update(string developerId, string mode, UpdateWebhookCommand command)
    {
        var row = Own(developerId, mode);
        if (command.Url is not null)
        {
            row = row with { Url = (await sender.Policy.ValidateAsync(command.Url, CancellationToken.None)).OriginalString };
        }
        if (command.Events is not null)
        {
            row = row with { Events = ValidEvents(command.Events) };
        }
        if (command.Description is not null || command.ClearDescription)
        {
            row = row with { Description = ValidDescription(command.Description) };
        }
        if (command.Status is not null)
        {
            row = command.Status switch
            {
                // Re-enabling starts the failure clock afresh; pending deliveries resume.
                WebhookStatuses.Enabled => row with { Status = WebhookStatuses.Enabled, DisabledReason = null, FailingSince = null },
                WebhookStatuses.Disabled => row with { Status = WebhookStatuses.Disabled, DisabledReason = row.Status == WebhookStatuses.Disabled ? row.DisabledReason : "Disabled by you." },
                _ => throw RowellException.Validation("status", "status must be one of enabled, disabled."),
            };
        }
        row = row with { UpdatedAt = time.GetUtcNow() };
        await store.SaveEndpointAsync(row, [], CancellationToken.None);
        _row = row;
        ScheduleWake(TimeSpan.Zero);
        return row.View();
    }

    public async Task Delete(string developerId, string mode)
    {
        Own(developerId, mode);
        await store.DeleteEndpointAsync(Id, CancellationToken.None);
        _row = null;
        Lanes.DropWaiting();
        _wake.Cancel();
        await SetReminderAsync(false);
        metrics.SetPending(Id, 0, null);
        DeactivateOnIdle();
    }

    public async Task<CreatedWebhook> RotateSecret(string developerId, string mode)
    {
        var row = Own(developerId, mode);
        var secret = WebhookSigner.NewSecret();
        var now = time.GetUtcNow();
        // The old key keeps signing (beside the new one) for the overlap, so receivers can switch without a gap.
        row = row with { SealedSecret = Seal(secret), PreviousSealedSecret = row.SealedSecret, PreviousSecretExpiresAt = now + settings.Events.SecretOverlap, UpdatedAt = now };
        await store.SaveEndpointAsync(row, [], CancellationToken.None);
        _row = row;
        return new CreatedWebhook(row.View(), secret);
    }

    public async Task<DeliveryView> SendTest(string developerId, string mode)
    {
        var row = Own(developerId, mode);
        var now = time.GetUtcNow();
        var eventId = RowellIds.New(RowellIds.Event);
        // The test event is its own aggregate: it belongs to this endpoint only and the fan-out skips its type.
        var e = new DomainEvent(eventId, row.DeveloperId, row.Mode, eventId, 1, WebhookEventTypes.Test, WebhookJson.Endpoint(row.View()), now);
        var delivery = await store.AddTestDeliveryAsync(row, e, now, CancellationToken.None);
        ScheduleWake(TimeSpan.Zero);
        return delivery;
    }

    public Task<Page<DeliveryView>> ListDeliveries(string developerId, string mode, DeliveryFilter filter, PageRequest page)
    {
        Own(developerId, mode);
        return store.ListDeliveriesAsync(developerId, Id, filter, page, CancellationToken.None);
    }

    public async Task<DeliveryView?> GetDelivery(string developerId, string mode, string deliveryId) =>
        Owns(developerId, mode) ? await store.GetDeliveryAsync(Id, deliveryId, CancellationToken.None) : null;

    public async Task<DeliveryView> Redeliver(string developerId, string mode, string deliveryId)
    {
        Own(developerId, mode);
        var delivery = await store.RedeliverAsync(Id, deliveryId, time.GetUtcNow(), CancellationToken.None) ?? throw RowellException.NotFound("Delivery");
        ScheduleWake(TimeSpan.Zero);
        return delivery;
    }

    private bool Owns(string developerId, string mode) => _row is not null && _row.DeveloperId == developerId && _row.Mode == mode;

    private WebhookEndpointRow Own(string developerId, string mode) => Owns(developerId, mode) ? _row! : throw RowellException.NotFound("Webhook endpoint");

    private byte[] Seal(string secret)
    {
        var key = WebhookSigner.KeyOf(secret);
        try
        {
            return vault.Seal(Id, key);
        }
        finally
        {
            Array.Clear(key);
        }
    }

    private static IReadOnlyList<string> ValidEvents(IReadOnlyList<string> events)
    {
        if (events.Count == 0)
        {
            throw RowellException.Validation("events", "events must list at least one event type, or [\"*\"] for all.");
        }
        foreach (var e in events)
        {
            if (e != "*" && (!EventTypes.All.Contains(e) || e == WebhookEventTypes.Test))
            {
                throw RowellException.Validation("events", $"Unknown event type '{e}': one of *, {string.Join(", ", EventTypes.All.Where(t => t != WebhookEventTypes.Test))}.");
            }
        }
        return events.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string? ValidDescription(string? description) =>
        description is { Length: > MaxDescription } ? throw RowellException.Validation("description", $"description is at most {MaxDescription} characters.") : description;
}
