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
public static class WebhookMetrics
{
    private static readonly Meter Meter = new(RowellMetrics.MeterName, "1.0");

    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>(
        "rowell_webhook_deliveries", description: "Webhook delivery attempts, by outcome (delivered, failed, retrying) and event type.");

    private static readonly Histogram<double> AttemptDuration = Meter.CreateHistogram(
        "rowell_webhook_attempt_duration", unit: "s", description: "Webhook delivery attempt latency in seconds, by outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15] });

    private static readonly Histogram<double> DeliveryLag = Meter.CreateHistogram(
        "rowell_webhook_delivery_lag", unit: "s", description: "Seconds from an event's creation to its successful delivery.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600] });

    private static readonly Counter<long> Emails = Meter.CreateCounter<long>(
        "rowell_emails", description: "Email notifications, by outcome (sent, skipped, retry, failed).");

    private static readonly ConcurrentDictionary<string, (long Count, DateTimeOffset? Oldest)> Pending = new(StringComparer.Ordinal);

    static WebhookMetrics()
    {
        Meter.CreateObservableGauge("rowell_webhook_deliveries_pending", () => Pending.Values.Sum(p => p.Count),
            description: "Webhook deliveries waiting for an attempt, held by endpoint grains on this process.");
        Meter.CreateObservableGauge("rowell_webhook_deliveries_pending_oldest_age", ObserveOldest, unit: "s",
            description: "Age in seconds of the oldest pending webhook delivery on this process (0 when none).");
    }

    public static void Attempt(string outcome, string eventType, TimeSpan elapsed)
    {
        Deliveries.Add(1, new TagList { { "outcome", outcome }, { "event", eventType } });
        AttemptDuration.Record(elapsed.TotalSeconds, new TagList { { "outcome", outcome } });
    }

    public static void Delivered(TimeSpan lag) => DeliveryLag.Record(Math.Max(0, lag.TotalSeconds));

    public static void SetPending(string endpointId, long count, DateTimeOffset? oldest)
    {
        if (count == 0)
        {
            Pending.TryRemove(endpointId, out _);
        }
        else
        {
            Pending[endpointId] = (count, oldest);
        }
    }

    public static void Email(string outcome) => Emails.Add(1, new TagList { { "outcome", outcome } });

    private static double ObserveOldest()
    {
        var oldest = Pending.Values.Where(p => p.Oldest is not null).Select(p => p.Oldest!.Value).DefaultIfEmpty(DateTimeOffset.UtcNow).Min();
        return Math.Max(0, (DateTimeOffset.UtcNow - oldest).TotalSeconds);
    }
}
