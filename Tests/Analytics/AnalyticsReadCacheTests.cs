using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Rowell.Abstractions.Analytics;
using Rowell.Grains.Analytics;
using Rowell.Grains.Events;
using Rowell.Grains.Storage;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Analytics;

/// <summary>
/// Built answers are kept per state of the scope's rollups: the same question under the same state is built once,
/// and every write (a stream flush, a reconciler correction) is in the next read, on every reader: two
/// <see cref="AnalyticsQueries"/> with their own caches over one store stand for two silos.
/// </summary>
public sealed class AnalyticsReadCacheTests
{
    private const string Dev = "dev_store_test";
    private static readonly ReconciledState S1 = new(null, 0, null, 1);
    private static readonly ReconciledState S2 = new(null, 0, null, 2);

    [Fact]
    public async Task The_same_state_is_built_once_and_a_new_state_builds_again()
    {
        var cache = new AnalyticsReadCache();
        var builds = 0;
        Task<string> Build() => Task.FromResult("built " + ++builds);
        Assert.Equal("built 1", await cache.GetAsync("q", S1, Build));
        Assert.Equal("built 1", await cache.GetAsync("q", S1, Build));
        Assert.Equal("built 2", await cache.GetAsync("q", S2, Build));
        Assert.Equal("built 3", await cache.GetAsync("other", S2, Build));
        Assert.Equal("built 2", await cache.GetAsync("q", S2, Build));
        Assert.Equal(3, cache.Builds);
    }

    [Fact]
    public async Task Concurrent_reads_under_one_state_share_one_build_and_a_failed_build_is_not_kept()
    {
        var cache = new AnalyticsReadCache();
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = cache.GetAsync("q", S1, () => gate.Task);
        var second = cache.GetAsync("q", S1, () => Task.FromResult("a second build"));
        Assert.False(second.IsCompleted);
        gate.SetResult("one build");
        Assert.Equal("one build", await first);
        Assert.Equal("one build", await second);
        Assert.Equal(1, cache.Builds);

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetAsync<string>("broken", S1, () => throw new InvalidOperationException("store down")));
        Assert.Equal("recovered", await cache.GetAsync("broken", S1, () => Task.FromResult("recovered")));
    }

    [Fact]
    public async Task In_memory_a_delivery_and_a_correction_are_in_the_next_read_of_every_reader()
    {
        var events = RollupStoreTests.Workload(seed: 5, transfers: 400);
        await NextReadShowsEveryWriteAsync(new InMemoryAnalyticsStore(), RollupStoreTests.InMemoryLog(events), events);
    }

    [Fact]
    public async Task Postgres_a_delivery_and_a_correction_are_in_the_next_read_of_every_reader()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("analytics_cache");
        await PostgresSchema.ApplyAsync(cs);
        var db = NpgsqlDataSource.Create(cs);
        var events = RollupStoreTests.Workload(seed: 5, transfers: 400);
        await NextReadShowsEveryWriteAsync(new PostgresAnalyticsStore(db), RollupStoreTests.ImportLog(db, events), events);
    }

    private static async Task NextReadShowsEveryWriteAsync(IAnalyticsStore store, IAnalyticsEventLog log, List<DomainEvent> events)
    {
        var (cacheA, cacheB) = (new AnalyticsReadCache(), new AnalyticsReadCache());
        var a = new AnalyticsQueries(store, log, StaticUsdRates.Default, cacheA);
        var b = new AnalyticsQueries(store, log, StaticUsdRates.Default, cacheB);
        var remittance = new AnalyticsRequest(Dev, "test", "daily", new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 18),
            new Dictionary<string, string>(), "-volume_usd", 100, 0);
        var dashboard = remittance with { Sort = null, Limit = 20 };

        // The stream path loses a fifth of the deliveries; the days are still open.
        var dropped = events.Where(e => DropHook.Drops(20, e.Id)).ToList();
        await DeliverAsync(store, log, events.Except(dropped).ToList());
        var lossy = Json(await a.Remittance(remittance));
        Assert.Equal(lossy, Json(await a.Remittance(remittance)));
        Assert.Equal(lossy, Json(await b.Remittance(remittance)));
        Assert.Equal(1, cacheA.Builds);
        var lossyDashboard = Json(await a.Dashboard(dashboard));

        // A late delivery on an open day: the next read of either reader has it.
        await DeliverAsync(store, log, dropped.Take(dropped.Count / 2).ToList());
        var later = Json(await a.Remittance(remittance));
        Assert.NotEqual(lossy, later);
        Assert.Equal(later, Json(await b.Remittance(remittance)));
        Assert.Equal(later, Json(await Fresh(store, log).Remittance(remittance)));

        // The days close and the reconciler corrects them from the log: the next read is the exact answer.
        var clock = new TestClock(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));
        var reconciler = new AnalyticsReconciler(store, log, clock, new AnalyticsSettings(), TestMetrics.Analytics(), NullLogger<AnalyticsReconciler>.Instance);
        var report = await reconciler.ReconcileDeveloperAsync(Dev, "test", null, TimeSpan.FromMinutes(1), default);
        Assert.True(report.Corrections > 0, "the lost deliveries were corrected");
        var exact = await a.Remittance(remittance);
        Assert.NotEqual(later, Json(exact));
        Assert.All(exact.Items, i => Assert.True(i.Reconciled));
        Assert.Equal(Json(exact), Json(await b.Remittance(remittance)));
        Assert.Equal(Json(exact), Json(await Fresh(store, log).Remittance(remittance)));
        var exactDashboard = Json(await a.Dashboard(dashboard));
        Assert.NotEqual(lossyDashboard, exactDashboard);
        Assert.Equal(exactDashboard, Json(await Fresh(store, log).Dashboard(dashboard)));

        // Nothing written since: both readers answer from what they built.
        var built = (cacheA.Builds, cacheB.Builds);
        Assert.Equal(Json(exact), Json(await a.Remittance(remittance)));
        Assert.Equal(Json(exact), Json(await b.Remittance(remittance)));
        Assert.Equal(built, (cacheA.Builds, cacheB.Builds));
    }

    private static AnalyticsQueries Fresh(IAnalyticsStore store, IAnalyticsEventLog log) => new(store, log, StaticUsdRates.Default, new AnalyticsReadCache());

    private static async Task DeliverAsync(IAnalyticsStore store, IAnalyticsEventLog log, List<DomainEvent> events)
    {
        foreach (var batch in events.Chunk(50))
        {
            var facts = batch.Select(e => RollupFacts.From(e.Id, e.AggregateId, e.AggregateSeq, e.Type, e.At, e.PayloadJson)).OfType<RollupFact>().ToList();
            await store.ApplyAsync(Dev, "test", await Settlements.ResolveAsync(facts, log, default), default);
        }
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
