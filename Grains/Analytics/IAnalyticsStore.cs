namespace Rowell.Grains.Analytics;

/// <summary>A stored bucket's numbers as a query reads them.</summary>
public sealed record StoredRow(string Key, DateTime Start, RollupMeasures Measures);

/// <summary>
/// A developer's reconciled days (exclusive end) and the generation of their rows, with the reconciler's
/// cluster-wide cursor (answers mark a period reconciled when either has passed it), and how many times the stream
/// path has written the scope's rollups. Both counters only grow, so while a state compares equal no rollup row of
/// the scope, open or reconciled, has changed.
/// </summary>
public readonly record struct ReconciledState(DateTime? Until, long Generation, DateTime? GlobalUntil, long Written = 0);

/// <summary>A bucket the reconciler found wrong: what it held and what the log says (measures documents; null = absent).</summary>
public sealed record RollupCorrection(string Dimension, string Period, DateTime Start, string Key, string? Before, string? After);

/// <summary>
/// Where rollups live: Postgres in the cluster, memory in embedded mode. Every write for one developer and mode
/// is serialised (an advisory lock / one lock), so a flush and a reconciliation never interleave.
/// "Reconciled until" is exclusive: every day before it has been recomputed from the event log and no longer
/// takes stream deliveries (its events are all in the log; the reconciler's grace period waited for them).
/// </summary>
public interface IAnalyticsStore
{
    /// <summary>
    /// Applies, in one atomic step, the facts whose event id was never applied and whose day is not reconciled;
    /// one upsert per touched bucket. Returns how many facts were new.
    /// </summary>
    Task<int> ApplyAsync(string developerId, string mode, IReadOnlyList<RollupFact> facts, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces one day's buckets (day and hour periods) with <paramref name="buckets"/> and moves "reconciled until"
    /// past the day, atomically. Returns what differed. The day's week and month are derived again by
    /// <see cref="RederiveAsync"/> (once per batch of days: a month rebuilt day by day would read itself 30 times).
    /// </summary>
    Task<IReadOnlyList<RollupCorrection>> ReplaceDayAsync(string developerId, string mode, DateTime day, IReadOnlyDictionary<BucketKey, RollupBucket> buckets, CancellationToken cancellationToken);

    /// <summary>Derives the given weeks and months again from their stored days (sets united, sums added).</summary>
    Task RederiveAsync(string developerId, string mode, IReadOnlyCollection<(string Period, DateTime Start)> periods, CancellationToken cancellationToken);

    /// <summary>Exclusive end of the reconciled days of a developer and mode (null: none yet).</summary>
    Task<DateTime?> ReconciledUntilAsync(string developerId, string mode, CancellationToken cancellationToken);

    /// <summary>
    /// "Reconciled until" with the generation of the reconciled rows (every reconciliation write — a day replaced,
    /// weeks and months derived again — bumps it, and nothing else changes a reconciled row), the global cursor and
    /// the stream path's write count (every <see cref="ApplyAsync"/> that applied a fact bumps it, in the same
    /// transaction as its rows), in one read.
    /// </summary>
    Task<ReconciledState> ReconciledStateAsync(string developerId, string mode, CancellationToken cancellationToken);

    /// <summary>The reconciler's progress over all developers (the day it continues from).</summary>
    Task<DateTime?> GlobalCursorAsync(CancellationToken cancellationToken);

    Task SetGlobalCursorAsync(DateTime day, CancellationToken cancellationToken);

    /// <summary>Buckets of one dimension and period kind whose start is in [from, to).</summary>
    Task<IReadOnlyList<StoredRow>> QueryAsync(string developerId, string mode, string dimension, string period, DateTime from, DateTime to, CancellationToken cancellationToken);

    /// <summary>Distinct users over the day buckets of the total in [from, to): exact, from the stored sets.</summary>
    Task<long> DistinctUsersAsync(string developerId, string mode, DateTime from, DateTime to, CancellationToken cancellationToken);

    /// <summary>For the gauges: per mode, the total's day bucket of <paramref name="day"/> summed over developers.</summary>
    Task<IReadOnlyDictionary<string, RollupMeasures>> DayTotalsAsync(DateTime day, CancellationToken cancellationToken);
}

/// <summary>Weeks and months from their days: merge every key's day buckets (sets united, sums added).</summary>
public static class RollupDerivation
{
    public static IEnumerable<(string Period, DateTime Start)> PeriodsOf(DateTime day) =>
        [(Periods.Week, Periods.Start(Periods.Week, day)), (Periods.Month, Periods.Start(Periods.Month, day))];

    public static Dictionary<BucketKey, RollupBucket> Derive(string period, DateTime start, IEnumerable<(BucketKey Key, RollupBucket Bucket)> days)
    {
        var derived = new Dictionary<BucketKey, RollupBucket>();
        foreach (var (key, bucket) in days)
        {
            var target = key with { Period = period, Start = start };
            if (!derived.TryGetValue(target, out var into))
            {
                derived[target] = into = new RollupBucket();
            }
            into.Merge(bucket);
        }
        foreach (var b in derived.Values)
        {
            b.Refresh();
        }
        return derived;
    }

    /// <summary>What differs between two sets of buckets (compared by their measures documents).</summary>
    public static List<RollupCorrection> Compare(IReadOnlyDictionary<BucketKey, string> before, IReadOnlyDictionary<BucketKey, string> after)
    {
        var corrections = new List<RollupCorrection>();
        foreach (var key in before.Keys.Union(after.Keys))
        {
            var b = before.GetValueOrDefault(key);
            var a = after.GetValueOrDefault(key);
            if (b != a)
            {
                corrections.Add(new RollupCorrection(key.Dimension, key.Period, key.Start, key.Key, b, a));
            }
        }
        return corrections;
    }
}
