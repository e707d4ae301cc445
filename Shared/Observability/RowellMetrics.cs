using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Rowell.Grains.Observability;

/// <summary>
/// Rowell's core instruments on the meter "Rowell". The Prometheus exporter turns the names below into
/// <c>rowell_requests_total</c>, <c>rowell_request_duration_seconds_*</c>, … (it appends <c>_total</c> to
/// counters and the unit to histograms). Labels are low-cardinality by construction: route templates,
/// statuses, networks, assets — never ids.
/// One instance per host, made from the host's <see cref="IMeterFactory"/>: two hosts in one test process
/// (two WebApplicationFactory instances, a test cluster's silos) each get their own meter, so a test that
/// listens to one host's numbers never sees another's, whatever order the tests run in.
/// </summary>
public sealed class RowellMetrics
{
    public const string MeterName = "Rowell";

    /// <summary>What /metrics exports: ours plus Orleans' own runtime meter.</summary>
    public static readonly string[] ExportedMeters = [MeterName, "Microsoft.Orleans"];

    /// <summary>Seconds: fine below 100 ms where the API lives, coarse up to 10 s.</summary>
    private static readonly IReadOnlyList<double> SecondsBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _transfers;
    private readonly Histogram<double> _ledgerCallDuration;

    /// <summary>Transfers currently in 'submitted' on this process, by id → when they were submitted.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _submitted = new(StringComparer.Ordinal);

    private long _activeAccounts = -1;

    public RowellMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName, "1.0");
        _requests = Meter.CreateCounter<long>(
            "rowell_requests", description: "HTTP requests answered by the API, by route template, method and status.");
        _requestDuration = Meter.CreateHistogram(
            "rowell_request_duration", unit: "s", description: "HTTP request duration in seconds, by route template and method.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _transfers = Meter.CreateCounter<long>(
            "rowell_transfers", description: "Transfer status transitions, by new status, network and asset.");
        _ledgerCallDuration = Meter.CreateHistogram(
            "rowell_ledger_call_duration", unit: "s", description: "Ledger call latency in seconds, by network, operation and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        Meter.CreateObservableGauge("rowell_active_accounts", ObserveActiveAccounts,
            description: "Customer accounts that exist (rows of the account read model).");
        Meter.CreateObservableGauge("rowell_transfers_submitted_oldest_age", ObserveOldestSubmitted, unit: "s",
            description: "Age in seconds of the oldest transfer this process holds in 'submitted' (0 when none).");
        Meter.CreateObservableGauge("rowell_transfers_submitted", () => (long)_submitted.Count,
            description: "Transfers this process holds in 'submitted'.");
    }

    /// <summary>This host's "Rowell" meter, for the capability-specific instruments (webhooks, analytics).</summary>
    public Meter Meter { get; }

    /// <summary>One answered HTTP request. <paramref name="endpoint"/> is the route template, e.g. /api/v1/accounts/{id}.</summary>
    public void Request(string endpoint, string method, int status, TimeSpan elapsed)
    {
        var tags = new TagList { { "endpoint", endpoint }, { "method", method }, { "status", status.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        _requests.Add(1, tags);
        _requestDuration.Record(elapsed.TotalSeconds, new TagList { { "endpoint", endpoint }, { "method", method } });
    }

    /// <summary>
    /// A transfer reached <paramref name="status"/> (pending, submitted, completed, failed). Call once per
    /// transition, after the new state is persisted, so replays of a grain call don't double count.
    /// </summary>
    public void TransferStatus(string status, string network, string asset) =>
        _transfers.Add(1, new TagList { { "status", status }, { "network", network }, { "asset", asset } });

    /// <summary>The transfer is in 'submitted' since <paramref name="submittedAt"/>; also call on activation of a submitted transfer.</summary>
    public void TrackSubmitted(string transferId, DateTimeOffset submittedAt) => _submitted[transferId] = submittedAt;

    /// <summary>The transfer left 'submitted' (completed or failed), or its grain deactivates.</summary>
    public void UntrackSubmitted(string transferId) => _submitted.TryRemove(transferId, out _);

    /// <summary>One ledger call (see MeteredLedger, which calls this for every ILedger method).</summary>
    public void LedgerCall(string network, string operation, string outcome, TimeSpan elapsed) =>
        _ledgerCallDuration.Record(elapsed.TotalSeconds, new TagList { { "network", network }, { "operation", operation }, { "outcome", outcome } });

    /// <summary>Set by the active-accounts sampler; negative means "not measured yet" (no sample exported).</summary>
    public void SetActiveAccounts(long count) => Interlocked.Exchange(ref _activeAccounts, count);

    private IEnumerable<Measurement<long>> ObserveActiveAccounts()
    {
        var value = Interlocked.Read(ref _activeAccounts);
        return value < 0 ? [] : [new Measurement<long>(value)];
    }

    private double ObserveOldestSubmitted()
    {
        if (_submitted.IsEmpty)
        {
            return 0;
        }
        var oldest = _submitted.Values.Min();
        return Math.Max(0, (DateTimeOffset.UtcNow - oldest).TotalSeconds);
    }
}

public static class RowellMetricsServices
{
    /// <summary>The host's meter factory and its one <see cref="RowellMetrics"/>; safe to call from every wiring path.</summary>
    public static IServiceCollection AddRowellMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<RowellMetrics>();
        return services;
    }
}
