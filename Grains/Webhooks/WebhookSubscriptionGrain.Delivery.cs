using Microsoft.Extensions.Logging;
using Rowell.Abstractions.Webhooks;
using Rowell.Grains.Events;
using Rowell.Grains.Hosting;

namespace Rowell.Grains.Webhooks;

/// <summary>
/// Delivery: due deliveries are attempted one at a time in event order. A failure reschedules that delivery
/// (retry schedule with ±20 % jitter, Retry-After on 429/503 honoured up to a bound) and the next ones go on:
/// a failing event holds no other back. Wake-ups are grain timers for the short delays; one reminder per
/// endpoint with pending work is the durable wake-up that brings the grain back on another silo after a crash.
/// </summary>
public sealed partial class WebhookSubscriptionGrain
{
    private const string ReminderName = "webhook-pending";
    private const int Batch = 20;
    /// <summary>One turn's budget: longer work yields, so API calls on this endpoint are not starved.</summary>
    private static readonly TimeSpan TurnBudget = TimeSpan.FromSeconds(2);
    /// <summary>Delays up to this use a timer; longer ones wait for the reminder's ticks.</summary>
    private static readonly TimeSpan TimerHorizon = TimeSpan.FromMinutes(2);
    private readonly OneShotTimer _wake = new();
    private bool _reminderSet;

    public Task Wake()
    {
        ScheduleWake(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!_wake.IsScheduled)
        {
            ScheduleWake(TimeSpan.Zero);
        }
        return Task.CompletedTask;
    }

    private void ScheduleWake(TimeSpan due) => _wake.Schedule(this, due, PumpQuietlyAsync);

    private async Task PumpQuietlyAsync()
    {
        try
        {
            await PumpAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Webhook endpoint {EndpointId}: delivery turn failed; retrying shortly", Id);
            ScheduleWake(TimeSpan.FromSeconds(5));
        }
    }

    private async Task PumpAsync()
    {
        var started = time.GetUtcNow();
        var more = false;
        while (_row is { Status: WebhookStatuses.Enabled })
        {
            var due = await store.DueAsync(Id, time.GetUtcNow(), Batch, CancellationToken.None);
            foreach (var delivery in due)
            {
                await AttemptAsync(delivery);
                if (_row is not { Status: WebhookStatuses.Enabled })
                {
                    break;
                }
            }
            if (due.Count < Batch)
            {
                break;
            }
            if (time.GetUtcNow() - started > TurnBudget)
            {
                more = true;
                break;
            }
        }
        await ScheduleNextAsync(more);
    }

    private async Task ScheduleNextAsync(bool more)
    {
        if (_row is null)
        {
            return;
        }
        var pending = await store.PendingAsync(Id, CancellationToken.None);
        WebhookMetrics.SetPending(Id, _row.Status == WebhookStatuses.Enabled ? pending.Count : 0, pending.OldestCreatedAt);
        var active = pending.Count > 0 && _row.Status == WebhookStatuses.Enabled;
        await SetReminderAsync(active);
        if (!active)
        {
            return;
        }
        var delay = more ? TimeSpan.Zero : (pending.NextAttemptAt ?? time.GetUtcNow()) - time.GetUtcNow();
        if (delay <= TimerHorizon)
        {
            ScheduleWake(delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        }
    }

    private async Task SetReminderAsync(bool active)
    {
        if (active == _reminderSet)
        {
            return;
        }
        if (active)
        {
            await this.RegisterOrUpdateReminder(ReminderName, settings.SafetyReminderPeriod, settings.SafetyReminderPeriod);
        }
        else if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
        _reminderSet = active;
    }

    private IReadOnlyList<byte[]> Keys()
    {
        var row = _row!;
        var keys = new List<byte[]> { vault.Open(Id, row.SealedSecret) };
        if (row.PreviousSealedSecret is { } previous && row.PreviousSecretExpiresAt > time.GetUtcNow())
        {
            keys.Add(vault.Open(Id, previous));
        }
        return keys;
    }

    private async Task AttemptAsync(DueDelivery delivery)
    {
        var row = _row!;
        var at = time.GetUtcNow();
        var keys = Keys();
        AttemptOutcome outcome;
        try
        {
            outcome = await sender.SendAsync(row.Url, delivery.EventId, delivery.Body, keys, CancellationToken.None);
        }
        finally
        {
            foreach (var key in keys)
            {
                Array.Clear(key);
            }
        }
        var attempt = new DeliveryAttemptView(at, outcome.StatusCode, (long)outcome.Duration.TotalMilliseconds, outcome.ResponseExcerpt, outcome.Error);
        var number = delivery.AttemptCount + 1;
        var now = time.GetUtcNow();
        if (outcome.Succeeded)
        {
            await store.RecordAttemptAsync(delivery.Id, attempt, DeliveryStatuses.Succeeded, null, CancellationToken.None);
            WebhookMetrics.Attempt("delivered", delivery.EventType, outcome.Duration);
            WebhookMetrics.Delivered(now - delivery.EventCreatedAt);
            if (row.FailingSince is not null)
            {
                await SaveAsync(row with { FailingSince = null });
            }
            return;
        }
        if (outcome.StatusCode == 410)
        {
            await store.RecordAttemptAsync(delivery.Id, attempt, DeliveryStatuses.Failed, null, CancellationToken.None);
            WebhookMetrics.Attempt("failed", delivery.EventType, outcome.Duration);
            await DisableAsync("The endpoint answered 410 Gone.");
            return;
        }
        var schedule = settings.Events.RetrySchedule;
        if (number >= schedule.Count)
        {
            await store.RecordAttemptAsync(delivery.Id, attempt, DeliveryStatuses.Failed, null, CancellationToken.None);
            WebhookMetrics.Attempt("failed", delivery.EventType, outcome.Duration);
        }
        else
        {
            var delay = Jitter(schedule[number]);
            if (outcome.RetryAfter is { } retryAfter && retryAfter > delay)
            {
                delay = retryAfter < settings.Events.MaxRetryAfter ? retryAfter : settings.Events.MaxRetryAfter;
            }
            await store.RecordAttemptAsync(delivery.Id, attempt, DeliveryStatuses.Pending, now + delay, CancellationToken.None);
            WebhookMetrics.Attempt("retrying", delivery.EventType, outcome.Duration);
        }
        var failingSince = row.FailingSince ?? at;
        if (now - failingSince >= settings.Events.DisableAfter)
        {
            await DisableAsync($"No delivery succeeded since {EventJson.Timestamp(failingSince)}.", failingSince);
        }
        else if (row.FailingSince is null)
        {
            await SaveAsync(row with { FailingSince = failingSince });
        }
    }

    private async Task DisableAsync(string reason, DateTimeOffset? failingSince = null)
    {
        var row = _row! with
        {
            Status = WebhookStatuses.Disabled,
            DisabledReason = reason,
            FailingSince = failingSince ?? _row!.FailingSince,
            UpdatedAt = time.GetUtcNow(),
            EventSeq = _row!.EventSeq + 1,
        };
        // The disabled state and its event commit together; the fan-out turns the event into the email.
        var e = new DomainEvent(Abstractions.Common.RowellIds.New(Abstractions.Common.RowellIds.Event), row.DeveloperId, row.Mode, row.Id, row.EventSeq,
            WebhookEventTypes.EndpointDisabled, WebhookJson.Endpoint(row.View()), row.UpdatedAt);
        await store.SaveEndpointAsync(row, [e], CancellationToken.None);
        _row = row;
        logger.LogWarning("Webhook endpoint {EndpointId} disabled: {Reason}", Id, reason);
    }

    private async Task SaveAsync(WebhookEndpointRow row)
    {
        await store.SaveEndpointAsync(row, [], CancellationToken.None);
        _row = row;
    }

    private static TimeSpan Jitter(TimeSpan delay) =>
        delay <= TimeSpan.Zero ? TimeSpan.Zero : delay * (0.8 + 0.4 * Random.Shared.NextDouble());
}
