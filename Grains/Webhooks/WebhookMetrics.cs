using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Rowell.Grains.Observability;

namespace Rowell.Grains.Webhooks;

/// <summary>
/// Webhook and email instruments on the "Rowell" meter (exported with the others). Outcome counts
/// (<c>rowell_webhook_deliveries_total</c>) are the dashboard's and the alert's series; the pending gauges
/// are per process: each endpoint grain reports what it holds, and forgets it when it deactivates.
/// </summary>
public sealed class WebhookMetrics
{
    private readonly Counter<long> _deliveries;
    private readonly Histogram<double> _attemptDuration;
    private readonly Histogram<double> _deliveryLag;
    private readonly Counter<long> _emails;
    private readonly ConcurrentDictionary<string, (long Count, DateTimeOffset? Oldest)> _pending = new(StringComparer.Ordinal);

    public WebhookMetrics(RowellMetrics core)
    {
        var meter = core.Meter;
        _deliveries = meter.CreateCounter<long>(
            "rowell_webhook_deliveries", description: "Webhook delivery attempts, by outcome (delivered, failed, retrying) and event type.");

        _attemptDuration = meter.CreateHistogram(
            "rowell_webhook_attempt_duration", unit: "s", description: "Webhook delivery attempt latency in seconds, by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15] });

        _deliveryLag = meter.CreateHistogram(
            "rowell_webhook_delivery_lag", unit: "s", description: "Seconds from an event's creation to its successful delivery.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600] });

        _emails = meter.CreateCounter<long>(
            "rowell_emails", description: "Email notifications, by outcome (sent, skipped, retry, failed).");

        meter.CreateObservableGauge("rowell_webhook_deliveries_pending", () => _pending.Values.Sum(p => p.Count),
            description: "Webhook deliveries waiting for an attempt, held by endpoint grains on this process.");
        meter.CreateObservableGauge("rowell_webhook_deliveries_pending_oldest_age", ObserveOldest, unit: "s",
            description: "Age in seconds of the oldest pending webhook delivery on this process (0 when none).");
    }

    public void Attempt(string outcome, string eventType, TimeSpan elapsed)
    {
        _deliveries.Add(1, new TagList { { "outcome", outcome }, { "event", eventType } });
        _attemptDuration.Record(elapsed.TotalSeconds, new TagList { { "outcome", outcome } });
    }

    public void Delivered(TimeSpan lag) => _deliveryLag.Record(Math.Max(0, lag.TotalSeconds));

    public void SetPending(string endpointId, long count, DateTimeOffset? oldest)
    {
        if (count == 0)
        {
            _pending.TryRemove(endpointId, out _);
        }
        else
        {
            _pending[endpointId] = (count, oldest);
        }
    }

    public void Email(string outcome) => _emails.Add(1, new TagList { { "outcome", outcome } });

    private double ObserveOldest()
    {
        var oldest = _pending.Values.Where(p => p.Oldest is not null).Select(p => p.Oldest!.Value).DefaultIfEmpty(DateTimeOffset.UtcNow).Min();
        return Math.Max(0, (DateTimeOffset.UtcNow - oldest).TotalSeconds);
    }
}
