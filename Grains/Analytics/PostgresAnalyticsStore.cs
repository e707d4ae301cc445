using Npgsql;

namespace Rowell.Grains.Analytics;

/// <summary>
/// Rollups in Postgres (docker/postgres/050). Each flush and each day's reconciliation is one transaction under
/// a transaction-scoped advisory lock per developer and mode, so they never interleave.
/// </summary>
public sealed class PostgresAnalyticsStore(NpgsqlDataSource db) : IAnalyticsStore
{
    private const string GlobalScope = "*";

    public async Task<int> ApplyAsync(string developerId, string mode, IReadOnlyList<RollupFact> facts, CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await LockAsync(conn, developerId, mode, cancellationToken);
        var until = await ReconciledUntilAsync(conn, developerId, mode, cancellationToken);
        var candidates = facts.Where(f => until is null || f.Day >= until).DistinctBy(f => f.EventId).ToList();
        if (candidates.Count == 0)
        {
            return 0;
        }
        var fresh = new HashSet<string>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand(
            "INSERT INTO rowell_analytics_applied (developer_id, mode, day, event_id) SELECT @d, @m, k.day, k.id FROM unnest(@days, @ids) AS k(day, id) " +
            "ON CONFLICT DO NOTHING RETURNING event_id", conn, tx))
        {
            cmd.Parameters.AddWithValue("d", developerId);
            cmd.Parameters.AddWithValue("m", mode);
            cmd.Parameters.AddWithValue("days", candidates.Select(f => DateOnly.FromDateTime(f.Day)).ToArray());
            cmd.Parameters.AddWithValue("ids", candidates.Select(f => f.EventId).ToArray());
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                fresh.Add(reader.GetString(0));
            }
        }
        var applied = candidates.Where(f => fresh.Contains(f.EventId)).ToList();
        if (applied.Count == 0)
        {
            await tx.CommitAsync(cancellationToken);
            return 0;
        }
        var keys = applied.SelectMany(f => RollupApplier.Keys(f, RollupApplier.AllPeriods)).ToHashSet();
        var buckets = await LoadAsync(conn, tx, developerId, mode, keys, cancellationToken);
        foreach (var f in applied)
        {
            RollupApplier.Apply(f, RollupApplier.AllPeriods, key =>
            {
                if (!buckets.TryGetValue(key, out var b))
                {
                    buckets[key] = b = new RollupBucket();
                }
                return b;
            });
        }
        await UpsertAsync(conn, tx, developerId, mode, buckets, cancellationToken);
        // In the same transaction as the rows: a reader that sees the old count cannot have seen these rows' change.
        await using (var bump = new NpgsqlCommand(
            "INSERT INTO rowell_analytics_writes (developer_id, mode, written) VALUES (@d, @m, 1) " +
            "ON CONFLICT (developer_id, mode) DO UPDATE SET written = rowell_analytics_writes.written + 1", conn, tx))
        {
            Scope(bump, developerId, mode);
            await bump.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        return applied.Count;
    }

    public async Task<IReadOnlyList<RollupCorrection>> ReplaceDayAsync(string developerId, string mode, DateTime day, IReadOnlyDictionary<BucketKey, RollupBucket> buckets, CancellationToken cancellationToken)
    {
        var end = day.AddDays(1);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await LockAsync(conn, developerId, mode, cancellationToken);
        var before = new Dictionary<BucketKey, string>();
        await using (var cmd = new NpgsqlCommand(
            "DELETE FROM rowell_analytics_rollups WHERE developer_id = @d AND mode = @m AND period IN ('day', 'hour') AND period_start >= @from AND period_start < @to " +
            "RETURNING dimension, period, period_start, key, measures::text", conn, tx))
        {
            Scope(cmd, developerId, mode);
            cmd.Parameters.AddWithValue("from", day);
            cmd.Parameters.AddWithValue("to", end);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                before[new BucketKey(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTime>(2), reader.GetString(3))] =
                    Canonical(reader.GetString(4));
            }
        }
        foreach (var b in buckets.Values)
        {
            b.Refresh();
        }
        await UpsertAsync(conn, tx, developerId, mode, buckets, cancellationToken);
        var corrections = RollupDerivation.Compare(before, buckets.ToDictionary(kv => kv.Key, kv => kv.Value.MeasuresJson()));
        await using (var cmd = new NpgsqlCommand(
            "INSERT INTO rowell_analytics_reconciled (developer_id, mode, reconciled_until, generation) VALUES (@d, @m, @until, 1) " +
            "ON CONFLICT (developer_id, mode) DO UPDATE SET reconciled_until = greatest(rowell_analytics_reconciled.reconciled_until, excluded.reconciled_until), " +
            "generation = rowell_analytics_reconciled.generation + 1; " +
            "DELETE FROM rowell_analytics_applied WHERE developer_id = @d AND mode = @m AND day < @until", conn, tx))
        {
            Scope(cmd, developerId, mode);
            cmd.Parameters.AddWithValue("until", DateOnly.FromDateTime(end));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        return corrections;
    }

    public async Task RederiveAsync(string developerId, string mode, IReadOnlyCollection<(string Period, DateTime Start)> periods, CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await LockAsync(conn, developerId, mode, cancellationToken);
        foreach (var (period, start) in periods)
        {
            await RederiveAsync(conn, tx, developerId, mode, period, start, cancellationToken);
        }
        await using (var bump = new NpgsqlCommand(
            "UPDATE rowell_analytics_reconciled SET generation = generation + 1 WHERE developer_id = @d AND mode = @m", conn, tx))
        {
            Scope(bump, developerId, mode);
            await bump.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
    }

    public async Task<DateTime?> ReconciledUntilAsync(string developerId, string mode, CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        return await ReconciledUntilAsync(conn, developerId, mode, cancellationToken);
    }

    public async Task<ReconciledState> ReconciledStateAsync(string developerId, string mode, CancellationToken cancellationToken)
    {
        // One statement, one snapshot: 0 = the developer's own row, 1 = the global cursor, 2 = the stream's write count.
        await using var cmd = db.CreateCommand(
            "SELECT CASE WHEN developer_id = '*' THEN 1 ELSE 0 END, reconciled_until, generation FROM rowell_analytics_reconciled " +
            "WHERE (developer_id = @d AND mode = @m) OR (developer_id = '*' AND mode = '*') " +
            "UNION ALL SELECT 2, NULL, written FROM rowell_analytics_writes WHERE developer_id = @d AND mode = @m");
        Scope(cmd, developerId, mode);
        DateTime? own = null, global = null;
        long generation = 0, written = 0;
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            switch (reader.GetInt32(0))
            {
                case 0:
                    own = Periods.Utc(reader.GetFieldValue<DateOnly>(1));
                    generation = reader.GetInt64(2);
                    break;
                case 1:
                    global = Periods.Utc(reader.GetFieldValue<DateOnly>(1));
                    break;
                default:
                    written = reader.GetInt64(2);
                    break;
            }
        }
        return new ReconciledState(own, generation, global, written);
    }

    public Task<DateTime?> GlobalCursorAsync(CancellationToken cancellationToken) => ReconciledUntilAsync(GlobalScope, GlobalScope, cancellationToken);

    public async Task SetGlobalCursorAsync(DateTime day, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            "INSERT INTO rowell_analytics_reconciled (developer_id, mode, reconciled_until) VALUES ('*', '*', @until) " +
            "ON CONFLICT (developer_id, mode) DO UPDATE SET reconciled_until = excluded.reconciled_until");
        cmd.Parameters.AddWithValue("until", DateOnly.FromDateTime(day));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredRow>> QueryAsync(string developerId, string mode, string dimension, string period, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            "SELECT key, period_start, measures::text FROM rowell_analytics_rollups " +
            "WHERE developer_id = @d AND mode = @m AND dimension = @dim AND period = @p AND period_start >= @from AND period_start < @to");
        Scope(cmd, developerId, mode);
        cmd.Parameters.AddWithValue("dim", dimension);
        cmd.Parameters.AddWithValue("p", period);
        cmd.Parameters.AddWithValue("from", from);
        cmd.Parameters.AddWithValue("to", to);
        var rows = new List<StoredRow>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new StoredRow(reader.GetString(0), reader.GetFieldValue<DateTime>(1), RollupBucket.ReadMeasures(reader.GetString(2))));
        }
        return rows;
    }

    public async Task<long> DistinctUsersAsync(string developerId, string mode, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        // Only the user ids leave Postgres, not the whole sets document.
        await using var cmd = db.CreateCommand(
            "SELECT count(DISTINCT u) FROM rowell_analytics_rollups r, json_array_elements_text(r.sets -> 'u') AS u " +
            "WHERE developer_id = @d AND mode = @m AND dimension = 'total' AND period = 'day' AND period_start >= @from AND period_start < @to");
        Scope(cmd, developerId, mode);
        cmd.Parameters.AddWithValue("from", from);
        cmd.Parameters.AddWithValue("to", to);
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyDictionary<string, RollupMeasures>> DayTotalsAsync(DateTime day, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            "SELECT mode, measures::text FROM rowell_analytics_rollups WHERE dimension = 'total' AND period = 'day' AND period_start = @day");
        cmd.Parameters.AddWithValue("day", day);
        var totals = new Dictionary<string, RollupMeasures>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var mode = reader.GetString(0);
            var m = RollupBucket.ReadMeasures(reader.GetString(1));
            if (!totals.TryGetValue(mode, out var into))
            {
                totals[mode] = into = new RollupMeasures();
            }
            into.AddAdditive(m);
            into.Users += m.Users;
        }
        return totals;
    }

    private static async Task LockAsync(NpgsqlConnection conn, string developerId, string mode, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('rowell-analytics/' || @d || '/' || @m, 0))", conn);
        Scope(cmd, developerId, mode);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<DateTime?> ReconciledUntilAsync(NpgsqlConnection conn, string developerId, string mode, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT reconciled_until FROM rowell_analytics_reconciled WHERE developer_id = @d AND mode = @m", conn);
        Scope(cmd, developerId, mode);
        return await cmd.ExecuteScalarAsync(ct) is DateOnly d ? Periods.Utc(d) : null;
    }

    private static async Task<Dictionary<BucketKey, RollupBucket>> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string developerId, string mode, IReadOnlyCollection<BucketKey> keys, CancellationToken ct)
    {
        var buckets = new Dictionary<BucketKey, RollupBucket>();
        await using var cmd = new NpgsqlCommand(
            "SELECT r.dimension, r.period, r.period_start, r.key, r.measures::text, r.sets::text FROM rowell_analytics_rollups r " +
            "JOIN unnest(@dims, @periods, @starts, @keys) AS k(dimension, period, period_start, key) " +
            "ON r.dimension = k.dimension AND r.period = k.period AND r.period_start = k.period_start AND r.key = k.key " +
            "WHERE r.developer_id = @d AND r.mode = @m", conn, tx);
        Scope(cmd, developerId, mode);
        AddKeys(cmd, keys);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            buckets[new BucketKey(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTime>(2), reader.GetString(3))] =
                RollupBucket.Read(reader.GetString(4), reader.GetString(5));
        }
        return buckets;
    }

    private static async Task RederiveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string developerId, string mode, string period, DateTime start, CancellationToken ct)
    {
        var days = new List<(BucketKey, RollupBucket)>();
        await using (var cmd = new NpgsqlCommand(
            "SELECT dimension, period_start, key, measures::text, sets::text FROM rowell_analytics_rollups " +
            "WHERE developer_id = @d AND mode = @m AND period = 'day' AND period_start >= @from AND period_start < @to", conn, tx))
        {
            Scope(cmd, developerId, mode);
            cmd.Parameters.AddWithValue("from", start);
            cmd.Parameters.AddWithValue("to", Periods.End(period, start));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                days.Add((new BucketKey(reader.GetString(0), Periods.Day, reader.GetFieldValue<DateTime>(1), reader.GetString(2)),
                    RollupBucket.Read(reader.GetString(3), reader.GetString(4))));
            }
        }
        await using (var cmd = new NpgsqlCommand(
            "DELETE FROM rowell_analytics_rollups WHERE developer_id = @d AND mode = @m AND period = @p AND period_start = @start", conn, tx))
        {
            Scope(cmd, developerId, mode);
            cmd.Parameters.AddWithValue("p", period);
            cmd.Parameters.AddWithValue("start", start);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await UpsertAsync(conn, tx, developerId, mode, RollupDerivation.Derive(period, start, days), ct);
    }

    private static async Task UpsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string developerId, string mode, IReadOnlyDictionary<BucketKey, RollupBucket> buckets, CancellationToken ct)
    {
        if (buckets.Count == 0)
        {
            return;
        }
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO rowell_analytics_rollups (developer_id, mode, dimension, period, period_start, key, measures, sets, updated_at) " +
            "SELECT @d, @m, k.dimension, k.period, k.period_start, k.key, k.measures::json, k.sets::json, now() " +
            "FROM unnest(@dims, @periods, @starts, @keys, @measures, @sets) AS k(dimension, period, period_start, key, measures, sets) " +
            "ON CONFLICT (developer_id, mode, dimension, period, period_start, key) DO UPDATE " +
            "SET measures = excluded.measures, sets = excluded.sets, updated_at = excluded.updated_at", conn, tx);
        Scope(cmd, developerId, mode);
        var list = buckets.ToList();
        AddKeys(cmd, list.Select(kv => kv.Key).ToList());
        cmd.Parameters.AddWithValue("measures", list.Select(kv => kv.Value.Refresh().MeasuresJson()).ToArray());
        cmd.Parameters.AddWithValue("sets", list.Select(kv => kv.Value.SetsJson()).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void AddKeys(NpgsqlCommand cmd, IReadOnlyCollection<BucketKey> keys)
    {
        cmd.Parameters.AddWithValue("dims", keys.Select(k => k.Dimension).ToArray());
        cmd.Parameters.AddWithValue("periods", keys.Select(k => k.Period).ToArray());
        cmd.Parameters.AddWithValue("starts", keys.Select(k => DateTime.SpecifyKind(k.Start, DateTimeKind.Utc)).ToArray());
        cmd.Parameters.AddWithValue("keys", keys.Select(k => k.Key).ToArray());
    }

    private static void Scope(NpgsqlCommand cmd, string developerId, string mode)
    {
        cmd.Parameters.AddWithValue("d", developerId);
        cmd.Parameters.AddWithValue("m", mode);
    }

    // Stored measures are compared with freshly serialised ones: serialise both the same way.
    private static string Canonical(string measuresJson) => new RollupBucket { Measures = RollupBucket.ReadMeasures(measuresJson) }.MeasuresJson();
}
