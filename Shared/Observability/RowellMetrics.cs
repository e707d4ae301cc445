using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Rowell.Grains.Observability;

/// <summary>
/// Every Rowell instrument, in one place, on the meter "Rowell". The Prometheus exporter turns the
/// names below into <c>rowell_requests_total</c>, <c>rowell_request_duration_seconds_*</c>, … (it
/// appends <c>_total</c> to counters and the unit to histograms). Labels are low-cardinality by
/// construction: route templates, statuses, networks, assets — never ids.
/// Call sites use the static helpers so that no grain or endpoint has to know instrument names.
/// </summary>
public static class RowellMetrics
{
    public const string MeterName = "Rowell";

    /// <summary>What /metrics exports: ours plus Orleans' own runtime meter.</summary>
    public static readonly string[] ExportedMeters = [MeterName, "Microsoft.Orleans"];

    private static readonly Meter Meter = new(MeterName, "1.0");

    /// <summary>Seconds: fine below 100 ms where the API lives, coarse up to 10 s.</summary>
    private static readonly IReadOnlyList<double> SecondsBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10];

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "rowell_requests", description: "HTTP requests answered by the API, by route template, method and status.");

    private static readonly Histogram<double> RequestDuration = Meter.CreateHistogram(
        "rowell_request_duration", unit: "s", description: "HTTP request duration in seconds, by route template and method.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    private static readonly Counter<long> Transfers = Meter.CreateCounter<long>(
        "rowell_transfers", description: "Transfer status transitions, by new status, network and asset.");

    private static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>(
        "rowell_webhook_deliveries", description: "Webhook delivery attempts, by outcome (delivered, failed, retrying) and event type.");

    private static readonly Histogram<double> LedgerCallDuration = Meter.CreateHistogram(
        "rowell_ledger_call_duration", unit: "s", description: "Ledger call latency in seconds, by network, operation and outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    private static readonly Counter<long> RateLimitRejections = Meter.CreateCounter<long>(
        "rowell_rate_limit_rejections", description: "Requests refused by Rowell's own rate limiter, by scope.");

    /// <summary>Transfers currently in 'submitted' on this process, by id → when they were submitted.</summary>
    private static readonly ConcurrentDictionary<string, DateTimeOffset> Submitted = new(StringComparer.Ordinal);

    private static long _activeAccounts = -1;

    static RowellMetrics()
    {
        Meter.CreateObservableGauge("rowell_active_accounts", ObserveActiveAccounts,
            description: "Customer accounts that exist (rows of the account read model).");
        Meter.CreateObservableGauge("rowell_transfers_submitted_oldest_age", ObserveOldestSubmitted, unit: "s",
            description: "Age in seconds of the oldest transfer this process holds in 'submitted' (0 when none).");
        Meter.CreateObservableGauge("rowell_transfers_submitted", () => (long)Submitted.Count,
            description: "Transfers this process holds in 'submitted'.");
    }

    /// <summary>One answered HTTP request. <paramref name="endpoint"/> is the route template, e.g. /api/v1/accounts/{id}.</summary>
    public static void Request(string endpoint, string method, int status, TimeSpan elapsed)
    {
        var tags = new TagList { { "endpoint", endpoint }, { "method", method }, { "status", status.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        Requests.Add(1, tags);
        RequestDuration.Record(elapsed.TotalSeconds, new TagList { { "endpoint", endpoint }, { "method", method } });
    }

    /// <summary>
    /// A transfer reached <paramref name="status"/> (pending, submitted, completed, failed). Call once per
    /// transition, after the new state is persisted, so replays of a grain call don't double count.
    /// </summary>
    public static void TransferStatus(string status, string network, string asset) =>
        Transfers.Add(1, new TagList { { "status", status }, { "network", network }, { "asset", asset } });

    /// <summary>The transfer is in 'submitted' since <paramref name="submittedAt"/>; also call on activation of a submitted transfer.</summary>
    public static void TrackSubmitted(string transferId, DateTimeOffset submittedAt) => Submitted[transferId] = submittedAt;

    /// <summary>The transfer left 'submitted' (completed or failed), or its grain deactivates.</summary>
    public static void UntrackSubmitted(string transferId) => Submitted.TryRemove(transferId, out _);

    /// <summary>One webhook delivery attempt: outcome is delivered, failed (gave up) or retrying.</summary>
    public static void WebhookDelivery(string outcome, string eventType) =>
        WebhookDeliveries.Add(1, new TagList { { "outcome", outcome }, { "event", eventType } });

    /// <summary>One ledger call (see MeteredLedger, which calls this for every ILedger method).</summary>
    public static void LedgerCall(string network, string operation, string outcome, TimeSpan elapsed) =>
        LedgerCallDuration.Record(elapsed.TotalSeconds, new TagList { { "network", network }, { "operation", operation }, { "outcome", outcome } });

    /// <summary>A request refused by Rowell's rate limiter; scope says which limit (e.g. api_key, ip).</summary>
    public static void RateLimitRejected(string scope) => RateLimitRejections.Add(1, new TagList { { "scope", scope } });

    /// <summary>Set by <see cref="ActiveAccountsSampler"/>; negative means "not measured yet" (no sample exported).</summary>
    internal static void SetActiveAccounts(long count) => Interlocked.Exchange(ref _activeAccounts, count);

    private static IEnumerable<Measurement<long>> ObserveActiveAccounts()
    {
        var value = Interlocked.Read(ref _activeAccounts);
        return value < 0 ? [] : [new Measurement<long>(value)];
    }

    private static double ObserveOldestSubmitted()
    {
        if (Submitted.IsEmpty)
        {
            return 0;
        }
        var oldest = Submitted.Values.Min();
        return Math.Max(0, (DateTimeOffset.UtcNow - oldest).TotalSeconds);
    }
}
