using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Rowell.Grains.Analytics;
using Rowell.Grains.Observability;
using Rowell.Grains.Events;
using Rowell.Grains.Storage;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Analytics;

/// <summary>
/// Both stores: the stream path (batches in any order, with duplicates) and the reconciler over the same log must
/// agree bucket for bucket; a lossy stream is corrected, and a second reconciliation corrects nothing.
/// </summary>
public sealed class RollupStoreTests
{
    private const string Dev = "dev_store_test";

    [Fact]
    public Task In_memory_stream_path_and_reconciler_agree() => AgreeAsync(new InMemoryAnalyticsStore(), InMemoryLog);

    [Fact]
    public async Task Postgres_stream_path_and_reconciler_agree()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("analytics");
        await PostgresSchema.ApplyAsync(cs);
        var db = NpgsqlDataSource.Create(cs);
        await AgreeAsync(new PostgresAnalyticsStore(db), events => ImportLog(db, events));
    }

    /// <summary>Embedded mode's log over <paramref name="events"/>.</summary>
    public static IAnalyticsEventLog InMemoryLog(List<DomainEvent> events) => new InMemoryAnalyticsEventLog(() => events
        .Select((e, i) => new Rowell.Abstractions.Events.CommittedEvent(e.Id, e.DeveloperId, e.Mode, e.AggregateId, e.AggregateSeq, e.Type, e.PayloadJson, e.At, i + 1)).ToList());

    /// <summary>Copies <paramref name="events"/> into rowell_events and reads the log from there.</summary>
    public static IAnalyticsEventLog ImportLog(NpgsqlDataSource db, List<DomainEvent> events)
    {
        using var conn = db.OpenConnection();
        using var import = conn.BeginBinaryImport(
            "COPY rowell_events (id, developer_id, mode, aggregate_id, aggregate_seq, type, payload, created_at) FROM STDIN (FORMAT BINARY)");
        foreach (var e in events)
        {
            import.StartRow();
            import.Write(e.Id);
            import.Write(e.DeveloperId);
            import.Write(e.Mode);
            import.Write(e.AggregateId);
            import.Write(e.AggregateSeq);
            import.Write(e.Type);
            import.Write(e.PayloadJson, NpgsqlTypes.NpgsqlDbType.Json);
            import.Write(e.At.UtcDateTime, NpgsqlTypes.NpgsqlDbType.TimestampTz);
        }
        import.Complete();
        return new PostgresAnalyticsEventLog(db);
    }

    private static async Task AgreeAsync(IAnalyticsStore store, Func<List<DomainEvent>, IAnalyticsEventLog> logOf)
    {
        var events = Workload(seed: 7, transfers: 600);
        var log = logOf(events);
        var clock = new TestClock(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));
        var meters = TestMetrics.Factory();
        using var corrections = new MetricCollector<long>(meters, RowellMetrics.MeterName, "rowell_analytics_corrections");
        var reconciler = new AnalyticsReconciler(store, log, clock, new AnalyticsSettings(), TestMetrics.Analytics(meters), NullLogger<AnalyticsReconciler>.Instance);
        var random = new Random(3);

        // Stream path: shuffled batches, a third of them delivered twice; a few deliveries lost.
        var delivered = events.Where(e => !DropHook.Drops(10, e.Id)).OrderBy(_ => random.Next()).ToList();
        foreach (var batch in delivered.Chunk(37))
        {
            var facts = await Settlements.ResolveAsync(batch.Select(Fact).OfType<RollupFact>().ToList(), log, default);
            await store.ApplyAsync(Dev, "test", facts, default);
            if (random.Next(3) == 0)
            {
                await store.ApplyAsync(Dev, "test", facts, default);
            }
        }
        var lossy = await SnapshotAsync(store);

        var first = await reconciler.ReconcileDeveloperAsync(Dev, "test", null, TimeSpan.FromMinutes(1), default);
        Assert.Equal(3, first.Days);
        Assert.Equal(events.Count, first.Events);
        Assert.True(first.Corrections > 0, "the lost deliveries were corrected");
        // Every correction is reported on the metric, one count per corrected bucket.
        Assert.Equal(first.Corrections, corrections.GetMeasurementSnapshot().Sum(m => m.Value));
        var exact = await SnapshotAsync(store);
        Assert.NotEqual(lossy, exact);

        var again = await reconciler.ReconcileDeveloperAsync(Dev, "test", new DateTime(2026, 11, 16, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromMinutes(1), default);
        Assert.Equal(0, again.Corrections);
        // Replays after reconciliation change nothing (those days take no more deliveries).
        await store.ApplyAsync(Dev, "test", events.Select(Fact).OfType<RollupFact>().ToList(), default);
        Assert.Equal(exact, await SnapshotAsync(store));

        // Without losses, the stream path alone equals the reconciler: a fresh developer scope, all delivered twice.
        var copy = events.Select(e => e with { Id = e.Id + "b", AggregateId = e.AggregateId + "b", DeveloperId = Dev + "_b" }).ToList();
        var copyLog = logOf(copy);
        foreach (var batch in copy.Concat(copy).OrderBy(_ => random.Next()).Chunk(50))
        {
            await store.ApplyAsync(Dev + "_b", "test", await Settlements.ResolveAsync(batch.Select(Fact).OfType<RollupFact>().ToList(), copyLog, default), default);
        }
        var live = await SnapshotAsync(store, Dev + "_b");
        var check = await new AnalyticsReconciler(store, copyLog, clock, new AnalyticsSettings(), TestMetrics.Analytics(), NullLogger<AnalyticsReconciler>.Instance)
            .ReconcileDeveloperAsync(Dev + "_b", "test", null, TimeSpan.FromMinutes(1), default);
        Assert.Equal(0, check.Corrections);
        Assert.Equal(live, await SnapshotAsync(store, Dev + "_b"));
        Assert.Equal(exact, live);
    }

    private static RollupFact? Fact(DomainEvent e) => RollupFacts.From(e.Id, e.AggregateId, e.AggregateSeq, e.Type, e.At, e.PayloadJson);

    private static async Task<string> SnapshotAsync(IAnalyticsStore store, string dev = Dev)
    {
        var from = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        var to = new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var parts = new List<string>();
        foreach (var dim in new[] { Dimensions.Corridor, Dimensions.Asset, Dimensions.Merchant, Dimensions.Network, Dimensions.Total })
        {
            foreach (var period in new[] { Periods.Day, Periods.Week, Periods.Month, Periods.Hour })
            {
                foreach (var row in (await store.QueryAsync(dev, "test", dim, period, from, to, default)).OrderBy(r => r.Start).ThenBy(r => r.Key, StringComparer.Ordinal))
                {
                    parts.Add($"{dim}/{period}/{row.Start:O}/{row.Key}: {JsonSerializer.Serialize(row.Measures)}");
                }
            }
        }
        parts.Add("users: " + await store.DistinctUsersAsync(dev, "test", from, to, default));
        return string.Join("\n", parts);
    }

    /// <summary>Transfers over three days (one crossing midnight between submission and completion).</summary>
    public static List<DomainEvent> Workload(int seed, int transfers)
    {
        var random = new Random(seed);
        var events = new List<DomainEvent>();
        var start = new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < transfers; i++)
        {
            var id = $"tr_s{i}";
            var network = i % 2 == 0 ? "stellar" : "hedera";
            var asset = i % 3 == 0 ? "USDC" : network == "stellar" ? "XLM" : "HBAR";
            var created = start + TimeSpan.FromSeconds(random.Next(0, 3 * 86400 - 120));
            if (i == 0)
            {
                created = start.AddDays(1).AddSeconds(-1);
            }
            string Payload(string status) => JsonSerializer.Serialize(new
            {
                id, status, from_account = $"acc_{random.Next(40)}", to_account = i % 7 == 0 ? null : $"acc_m{i % 13}", to_address = "GX",
                network, asset_code = asset, amount = $"{random.Next(1, 5000)}.{random.Next(0, 99):00}", fee = "0.00001", fee_asset = network == "stellar" ? "XLM" : "HBAR",
                from_country = new[] { "NG", "KE", "GH" }[i % 3], to_country = new[] { "KE", "NG", "ZA" }[(i / 3) % 3],
            });
            var payload = Payload("pending");
            var seq = 0;
            void Add(string type, DateTimeOffset at) => events.Add(new DomainEvent($"evt_s{i}_{++seq}", Dev, "test", id, seq, type, payload, at));
            Add("transfer.created", created);
            if (i % 17 == 0)
            {
                Add("transfer.rejected", created.AddMilliseconds(3));
                continue;
            }
            var submitted = created.AddMilliseconds(random.Next(5, 900));
            Add("transfer.submitted", submitted);
            Add(i % 11 == 0 ? "transfer.failed" : "transfer.completed", submitted.AddMilliseconds(random.Next(100, 30_000)));
        }
        return events.OrderBy(e => e.At).ToList();
    }
}
