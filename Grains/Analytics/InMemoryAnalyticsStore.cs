namespace Rowell.Grains.Analytics;

/// <summary>Embedded-mode rollups with the Postgres store's semantics: one lock stands in for the advisory lock.</summary>
public sealed class InMemoryAnalyticsStore : IAnalyticsStore
{
    private sealed class Scope
    {
        public Dictionary<BucketKey, RollupBucket> Buckets { get; } = new();
        /// <summary>Applied event ids per day, dropped once the day is reconciled (then the day takes no deliveries).</summary>
        public Dictionary<DateTime, HashSet<string>> Applied { get; } = new();
        public DateTime? ReconciledUntil { get; set; }
        public long Generation { get; set; }
        public long Written { get; set; }
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<(string, string), Scope> _scopes = new();
    private DateTime? _globalCursor;

    public Task<int> ApplyAsync(string developerId, string mode, IReadOnlyList<RollupFact> facts, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var scope = ScopeOf(developerId, mode);
            var applied = 0;
            var touched = new HashSet<RollupBucket>(ReferenceEqualityComparer.Instance);
            foreach (var f in facts)
            {
                if (scope.ReconciledUntil is { } until && f.Day < until)
                {
                    continue;
                }
                if (!scope.Applied.TryGetValue(f.Day, out var ids))
                {
                    scope.Applied[f.Day] = ids = new HashSet<string>(StringComparer.Ordinal);
                }
                if (!ids.Add(f.EventId))
                {
                    continue;
                }
                applied++;
                RollupApplier.Apply(f, RollupApplier.AllPeriods, key =>
                {
                    var b = Bucket(scope, key);
                    touched.Add(b);
                    return b;
                });
            }
            foreach (var b in touched)
            {
                b.Refresh();
            }
            if (applied > 0)
            {
                scope.Written++;
            }
            return Task.FromResult(applied);
        }
    }

    public Task<IReadOnlyList<RollupCorrection>> ReplaceDayAsync(string developerId, string mode, DateTime day, IReadOnlyDictionary<BucketKey, RollupBucket> buckets, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var scope = ScopeOf(developerId, mode);
            var end = day.AddDays(1);
            bool OfDay(BucketKey k) => k.Period is Periods.Day or Periods.Hour && k.Start >= day && k.Start < end;
            var before = scope.Buckets.Where(kv => OfDay(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value.MeasuresJson());
            foreach (var key in before.Keys)
            {
                scope.Buckets.Remove(key);
            }
            foreach (var (key, bucket) in buckets)
            {
                scope.Buckets[key] = Copy(bucket.Refresh());
            }
            var corrections = RollupDerivation.Compare(before, buckets.ToDictionary(kv => kv.Key, kv => kv.Value.MeasuresJson()));
            if (scope.ReconciledUntil is null || scope.ReconciledUntil < end)
            {
                scope.ReconciledUntil = end;
            }
            scope.Generation++;
            foreach (var old in scope.Applied.Keys.Where(d => d < end).ToList())
            {
                scope.Applied.Remove(old);
            }
            return Task.FromResult<IReadOnlyList<RollupCorrection>>(corrections);
        }
    }

    public Task RederiveAsync(string developerId, string mode, IReadOnlyCollection<(string Period, DateTime Start)> periods, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var scope = ScopeOf(developerId, mode);
            scope.Generation++;
            foreach (var (period, start) in periods)
            {
                var periodEnd = Periods.End(period, start);
                var days = scope.Buckets.Where(kv => kv.Key.Period == Periods.Day && kv.Key.Start >= start && kv.Key.Start < periodEnd)
                    .Select(kv => (kv.Key, kv.Value)).ToList();
                foreach (var stale in scope.Buckets.Keys.Where(k => k.Period == period && k.Start == start).ToList())
                {
                    scope.Buckets.Remove(stale);
                }
                foreach (var (key, bucket) in RollupDerivation.Derive(period, start, days))
                {
                    scope.Buckets[key] = bucket;
                }
            }
            return Task.CompletedTask;
        }
    }

    public Task<DateTime?> ReconciledUntilAsync(string developerId, string mode, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_scopes.TryGetValue((developerId, mode), out var s) ? s.ReconciledUntil : null);
        }
    }

    public Task<ReconciledState> ReconciledStateAsync(string developerId, string mode, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_scopes.TryGetValue((developerId, mode), out var s)
                ? new ReconciledState(s.ReconciledUntil, s.Generation, _globalCursor, s.Written)
                : new ReconciledState(null, 0, _globalCursor));
        }
    }

    public Task<DateTime?> GlobalCursorAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_globalCursor);
        }
    }

    public Task SetGlobalCursorAsync(DateTime day, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _globalCursor = day;
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<StoredRow>> QueryAsync(string developerId, string mode, string dimension, string period, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<StoredRow> rows = !_scopes.TryGetValue((developerId, mode), out var scope)
                ? []
                : scope.Buckets.Where(kv => kv.Key.Dimension == dimension && kv.Key.Period == period && kv.Key.Start >= from && kv.Key.Start < to)
                    .Select(kv => new StoredRow(kv.Key.Key, kv.Key.Start, RollupBucket.ReadMeasures(kv.Value.MeasuresJson())))
                    .ToList();
            return Task.FromResult(rows);
        }
    }

    public Task<long> DistinctUsersAsync(string developerId, string mode, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_scopes.TryGetValue((developerId, mode), out var scope))
            {
                return Task.FromResult(0L);
            }
            var users = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (key, bucket) in scope.Buckets)
            {
                if (key is { Dimension: Dimensions.Total, Period: Periods.Day } && key.Start >= from && key.Start < to)
                {
                    users.UnionWith(bucket.Sets.Users);
                }
            }
            return Task.FromResult((long)users.Count);
        }
    }

    public Task<IReadOnlyDictionary<string, RollupMeasures>> DayTotalsAsync(DateTime day, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var totals = new Dictionary<string, RollupMeasures>(StringComparer.Ordinal);
            foreach (var ((_, mode), scope) in _scopes)
            {
                if (scope.Buckets.TryGetValue(new BucketKey(Dimensions.Total, Periods.Day, day, "*"), out var b))
                {
                    if (!totals.TryGetValue(mode, out var into))
                    {
                        totals[mode] = into = new RollupMeasures();
                    }
                    into.AddAdditive(b.Measures);
                    into.Users += b.Measures.Users;
                }
            }
            return Task.FromResult<IReadOnlyDictionary<string, RollupMeasures>>(totals);
        }
    }

    private Scope ScopeOf(string developerId, string mode)
    {
        if (!_scopes.TryGetValue((developerId, mode), out var scope))
        {
            _scopes[(developerId, mode)] = scope = new Scope();
        }
        return scope;
    }

    private static RollupBucket Bucket(Scope scope, BucketKey key)
    {
        if (!scope.Buckets.TryGetValue(key, out var b))
        {
            scope.Buckets[key] = b = new RollupBucket();
        }
        return b;
    }

    private static RollupBucket Copy(RollupBucket b) => RollupBucket.Read(b.MeasuresJson(), b.SetsJson());
}
