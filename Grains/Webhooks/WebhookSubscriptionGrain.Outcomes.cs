using Microsoft.Extensions.Logging;
using Rowell.Abstractions.Webhooks;
using Rowell.Grains.Events;

namespace Rowell.Grains.Webhooks;

/// <summary>
/// Outcomes: finished attempts are written together (one statement per batch) and then judged for the
/// endpoint as a whole. Only 2xx is success. A failure is retried on the schedule (±20 % jitter; Retry-After
/// on 429/503 honoured up to a bound) until the schedule runs out; 410 Gone disables the endpoint; an
/// endpoint with no success for <c>DisableAfter</c> since its first failure is disabled, and its
/// webhook_endpoint.disabled event (which the fan-out turns into an email) commits with that change.
/// </summary>
public sealed partial class WebhookSubscriptionGrain
{
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.SetPending(Id, 0, null);
        // Best effort: what finished is written; anything else stays pending and is attempted again by the next activation.
        var finished = Harvest();
        if (_row is not null && finished.Count > 0)
        {
            try
            {
                await store.RecordAttemptsAsync(finished.Select(f => Judge(f).Record).ToList(), cancellationToken);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogInformation(e, "Webhook endpoint {EndpointId}: {Count} outcomes not written at deactivation; they will be attempted again", Id, finished.Count);
            }
        }
    }

    private enum Verdict
    {
        Delivered,
        Retrying,
        Failed,
        Gone,
    }

    private async Task RecordAsync(IReadOnlyList<FinishedAttempt> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }
        var judged = batch.Select(Judge).ToList();
        // Decided before the write, so that when it disables, no new attempt starts while the write is under way
        // (the pump keeps running beside it).
        var disable = DisableReason(judged, time.GetUtcNow());
        _disabling |= disable is not null;
        try
        {
            await store.RecordAttemptsAsync(judged.Select(j => j.Record).ToList(), CancellationToken.None);
            var now = time.GetUtcNow();
            foreach (var (f, verdict, _) in judged)
            {
                var outcome = verdict switch
                {
                    Verdict.Delivered => "delivered",
                    Verdict.Retrying => "retrying",
                    _ => "failed",
                };
                metrics.Attempt(outcome, f.Delivery.EventType, f.Outcome.Duration);
                if (verdict == Verdict.Delivered)
                {
                    metrics.Delivered(now - f.Delivery.EventCreatedAt);
                }
            }
            if (_row is not { Status: WebhookStatuses.Enabled } row)
            {
                return;
            }
            if (disable is { } d)
            {
                await DisableAsync(d.Reason, d.FailingSince);
            }
            else if (judged.Any(j => j.Verdict == Verdict.Delivered))
            {
                if (row.FailingSince is not null)
                {
                    await SaveAsync(row with { FailingSince = null });
                }
            }
            else if (row.FailingSince is null)
            {
                await SaveAsync(row with { FailingSince = judged.Min(j => j.Attempt.At) });
            }
        }
        finally
        {
            if (disable is not null)
            {
                _disabling = false;
            }
        }
    }

    /// <summary>Why this batch disables the endpoint (410 Gone, or failing for DisableAfter with no success), or null.</summary>
    private (string Reason, DateTimeOffset? FailingSince)? DisableReason(List<(FinishedAttempt Attempt, Verdict Verdict, AttemptRecord Record)> judged, DateTimeOffset now)
    {
        if (_row is not { Status: WebhookStatuses.Enabled } row)
        {
            return null;
        }
        if (judged.Any(j => j.Verdict == Verdict.Gone))
        {
            return ("The endpoint answered 410 Gone.", null);
        }
        if (judged.Any(j => j.Verdict == Verdict.Delivered))
        {
            return null;
        }
        var failingSince = row.FailingSince ?? judged.Min(j => j.Attempt.At);
        return now - failingSince >= settings.Events.DisableAfter ? ($"No delivery succeeded since {EventJson.Timestamp(failingSince)}.", failingSince) : null;
    }

    /// <summary>What one finished attempt means for its delivery: its record (status, next attempt) and verdict.</summary>
    private (FinishedAttempt Attempt, Verdict Verdict, AttemptRecord Record) Judge(FinishedAttempt f)
    {
        var outcome = f.Outcome;
        var attempt = new DeliveryAttemptView(f.At, outcome.StatusCode, (long)outcome.Duration.TotalMilliseconds, outcome.ResponseExcerpt, outcome.Error);
        AttemptRecord Record(string status, DateTimeOffset? next) => new(f.Delivery.Id, attempt, status, next);
        if (outcome.Succeeded)
        {
            return (f, Verdict.Delivered, Record(DeliveryStatuses.Succeeded, null));
        }
        if (outcome.StatusCode == 410)
        {
            return (f, Verdict.Gone, Record(DeliveryStatuses.Failed, null));
        }
        var number = f.Delivery.AttemptCount + 1;
        var schedule = settings.Events.RetrySchedule;
        if (number >= schedule.Count)
        {
            return (f, Verdict.Failed, Record(DeliveryStatuses.Failed, null));
        }
        var delay = Jitter(schedule[number]);
        if (outcome.RetryAfter is { } retryAfter && retryAfter > delay)
        {
            delay = retryAfter < settings.Events.MaxRetryAfter ? retryAfter : settings.Events.MaxRetryAfter;
        }
        return (f, Verdict.Retrying, Record(DeliveryStatuses.Pending, f.At + outcome.Duration + delay));
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
        Lanes.DropWaiting();
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
