using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Rowell.Abstractions.Analytics;

namespace Rowell.Grains.Analytics;

/// <summary>
/// Recomputes closed days from the event log with the same <see cref="RollupApplier"/> the stream path uses, and
/// replaces the stored day (and its hours, week and month) with the result, reporting every bucket it corrected.
/// A day is closed <see cref="AnalyticsSettings.ReconcileGrace"/> after it ends. The reminder runs it over all
/// developers; a developer's own rebuild (and the benchmark) runs it for one developer.
/// </summary>
public sealed class AnalyticsReconciler(
    IAnalyticsStore store,
    IAnalyticsEventLog log,
    TimeProvider time,
    AnalyticsSettings settings,
    AnalyticsMetrics metrics,
    ILogger<AnalyticsReconciler> logger)
{
    private static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Days before this are closed.</summary>
    public DateTime ClosedUntil => Periods.DayOf(time.GetUtcNow() - settings.ReconcileGrace);

    /// <summary>Recomputes one day; adds its week and month to <paramref name="pending"/> for <see cref="IAnalyticsStore.RederiveAsync"/>.</summary>
    public Task<(long Events, int Corrections)> ReconcileDayAsync(string developerId, string mode, DateTime day, HashSet<(string, DateTime)> pending, CancellationToken ct) =>
        ReconcileDayAsync(developerId, mode, day, log.ReadDayAsync(developerId, mode, day, ct), pending, ct);

    private async Task<(long Events, int Corrections)> ReconcileDayAsync(string developerId, string mode, DateTime day, Task<IReadOnlyList<RollupFact>> read, HashSet<(string, DateTime)> pending, CancellationToken ct)
    {
        var facts = await Settlements.ResolveAsync(await read, log, ct);
        var buckets = new Dictionary<BucketKey, RollupBucket>();
        Func<BucketKey, RollupBucket> bucketOf = key =>
        {
            if (!buckets.TryGetValue(key, out var b))
            {
                buckets[key] = b = new RollupBucket();
            }
            return b;
        };
        foreach (var f in facts)
        {
            RollupApplier.Apply(f, RollupApplier.ReconciledPeriods, bucketOf);
        }
        var corrections = await store.ReplaceDayAsync(developerId, mode, day, buckets, ct);
        foreach (var p in RollupDerivation.PeriodsOf(day))
        {
            pending.Add(p);
        }
        Report(developerId, mode, day, corrections);
        return (facts.Count, corrections.Count);
    }

    /// <summary>How many corrections of a day are logged one by one at Warning; the rest at Debug, under one summary.</summary>
    public const int DetailedCorrectionsPerDay = 20;

    // Every correction counts in the metric and is logged. A first build of a busy day "corrects" ~1,000 buckets
    // from missing, and 1,000 warnings a day made the console the bottleneck of a rebuild: past the first few,
    // a day's corrections go to Debug, with one Warning that says how many there were and of what.
    private void Report(string developerId, string mode, DateTime day, IReadOnlyList<RollupCorrection> corrections)
    {
        for (var i = 0; i < corrections.Count; i++)
        {
            var c = corrections[i];
            metrics.Corrected(c.Dimension);
            var level = i < DetailedCorrectionsPerDay ? LogLevel.Warning : LogLevel.Debug;
            if (logger.IsEnabled(level))
            {
                logger.Log(level, "Analytics reconciliation corrected {Dimension}/{Period} {Start:yyyy-MM-dd HH:mm} [{Key}] of {DeveloperId} ({Mode}): {Before} -> {After}",
                    c.Dimension, c.Period, c.Start, c.Key, developerId, mode, c.Before ?? "(missing)", c.After ?? "(none)");
            }
        }
        if (corrections.Count > DetailedCorrectionsPerDay)
        {
            var byDimension = string.Join(", ", corrections.GroupBy(c => c.Dimension).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
            logger.LogWarning("Analytics reconciliation corrected {Count} buckets of {DeveloperId} ({Mode}) on {Day:yyyy-MM-dd} ({ByDimension}); the {More} not listed above are logged at Debug",
                corrections.Count, developerId, mode, day, byDimension, corrections.Count - DetailedCorrectionsPerDay);
        }
    }

    /// <summary>
    /// The reminder's work: from the cursor, each closed day for everyone who has events on it, within a time budget.
    /// Weeks and months are derived once per slice (not once per day: a month would read its days 30 times), and
    /// the cursor moves only after that, so a crash in between repeats the slice: days already reconciled are
    /// skipped but still put their week and month up for derivation.
    /// </summary>
    public async Task<ReconcileReport> ReconcileClosedDaysAsync(TimeSpan budget, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var cursor = await store.GlobalCursorAsync(ct) ?? await log.FirstDayAsync(ct);
        var closedUntil = ClosedUntil;
        long events = 0;
        var corrections = 0;
        var days = 0;
        var pending = new Dictionary<(string, string), HashSet<(string, DateTime)>>();
        for (var day = cursor; day is { } d && d < closedUntil && clock.Elapsed < budget; day = d.AddDays(1))
        {
            foreach (var (developerId, mode) in await log.ScopesOnDayAsync(d, ct))
            {
                if (!pending.TryGetValue((developerId, mode), out var periods))
                {
                    pending[(developerId, mode)] = periods = [];
                }
                if (await store.ReconciledUntilAsync(developerId, mode, ct) is { } until && until > d)
                {
                    periods.UnionWith(RollupDerivation.PeriodsOf(d));
                    continue;
                }
                var (e, c) = await ReconcileDayAsync(developerId, mode, d, periods, ct);
                events += e;
                corrections += c;
            }
            days++;
            cursor = d.AddDays(1);
        }
        foreach (var ((developerId, mode), periods) in pending)
        {
            await store.RederiveAsync(developerId, mode, periods, ct);
        }
        if (days > 0 && cursor is { } next)
        {
            await store.SetGlobalCursorAsync(next, ct);
        }
        return Report(days, events, corrections, clock, cursor, cursor is { } more && more < closedUntil);
    }

    /// <summary>
    /// One developer's closed days from <paramref name="from"/> (default: where its reconciliation stopped), within a
    /// time budget; the report says where to continue. While one day is aggregated and written, the next is already
    /// being read (Postgres decodes and ships it on the other core). A week or month that goes on past the slice is
    /// derived by the continuation, which starts inside it, not twice.
    /// </summary>
    public async Task<ReconcileReport> ReconcileDeveloperAsync(string developerId, string mode, DateTime? from, TimeSpan budget, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var start = from ?? await store.ReconciledUntilAsync(developerId, mode, ct) ?? Epoch;
        var closedUntil = ClosedUntil;
        long events = 0;
        var corrections = 0;
        var done = 0;
        var days = start < closedUntil ? await log.DaysAsync(developerId, mode, start, closedUntil, ct) : [];
        var pending = new HashSet<(string, DateTime)>();
        if (from is not null && start < closedUntil)
        {
            // A continuation: the slice before may have left this day's week and month to it.
            pending.UnionWith(RollupDerivation.PeriodsOf(start));
        }
        Task<IReadOnlyList<RollupFact>>? next = days.Count > 0 ? Read(developerId, mode, days[0], ct) : null;
        for (var i = 0; i < days.Count; i++)
        {
            var read = next!;
            if (clock.Elapsed >= budget)
            {
                await ObserveAsync(read);
                await store.RederiveAsync(developerId, mode, pending.Where(p => Periods.End(p.Item1, p.Item2) <= days[i]).ToList(), ct);
                return Report(done, events, corrections, clock, days[i], true);
            }
            next = i + 1 < days.Count ? Read(developerId, mode, days[i + 1], ct) : null;
            var (e, c) = await ReconcileDayAsync(developerId, mode, days[i], read, pending, ct);
            events += e;
            corrections += c;
            done++;
        }
        await store.RederiveAsync(developerId, mode, pending, ct);
        return Report(done, events, corrections, clock, closedUntil, false);
    }

    // On the thread pool, not the caller's scheduler: the read proceeds while the current day is aggregated.
    private Task<IReadOnlyList<RollupFact>> Read(string developerId, string mode, DateTime day, CancellationToken ct) =>
        Task.Run(() => log.ReadDayAsync(developerId, mode, day, ct), ct);

    private static async Task ObserveAsync(Task read)
    {
        try
        {
            await read;
        }
        catch (Exception)
        {
            // A prefetch the slice no longer needs; the continuation reads that day again.
        }
    }

    private static ReconcileReport Report(int days, long events, int corrections, Stopwatch clock, DateTime? next, bool hasMore) =>
        new(days, events, corrections, clock.ElapsedMilliseconds, next is { } n ? Periods.Date(n) : null, hasMore);
}
