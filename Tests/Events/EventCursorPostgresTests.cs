using Npgsql;
using Rowell.Abstractions.Common;
using Rowell.Grains.Events;
using Rowell.Grains.Storage;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Events;

/// <summary>
/// Guarantee (2) on real Postgres: a consumer resuming from its cursor never skips an event whose transaction
/// took a lower seq but committed after a higher-numbered one.
/// </summary>
public sealed class EventCursorPostgresTests
{
    [Fact]
    public async Task A_lower_seq_that_commits_late_is_still_read_after_the_cursor_moved_past_a_higher_one()
    {
        var db = await TestPostgres.CreateDatabaseAsync("evcursor");
        await PostgresSchema.ApplyAsync(db);
        await using var data = NpgsqlDataSource.Create(db);
        var log = new PostgresEventLog(data);
        var dev = RowellIds.New(RowellIds.Developer);

        // Transaction A inserts first (lower seq) and stays open.
        await using var holdA = await data.OpenConnectionAsync();
        await using var txA = await holdA.BeginTransactionAsync();
        var lowId = await InsertAsync(holdA, txA, dev, "low");
        // Transaction B inserts afterwards (higher seq) and commits at once.
        await using (var connB = await data.OpenConnectionAsync())
        {
            await using var txB = await connB.BeginTransactionAsync();
            await InsertAsync(connB, txB, dev, "high");
            await txB.CommitAsync();
        }
        // The consumer reads while A is open: it must not move its cursor past A's place.
        var seen = new List<string>();
        var first = await log.ReadAsync("test", 100, CancellationToken.None);
        seen.AddRange(first.Events.Where(e => e.DeveloperId == dev).Select(e => e.AggregateId));
        await log.AdvanceAsync("test", first.Next, CancellationToken.None);
        Assert.DoesNotContain("low", seen);
        Assert.DoesNotContain("high", seen);

        await txA.CommitAsync();
        var seqs = await SeqsAsync(data, dev);
        Assert.True(seqs["low"] < seqs["high"], "the held transaction must own the lower seq");

        // After A commits both arrive, low first, each once — however many reads it takes for the horizon to pass.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (seen.Count < 2 && DateTime.UtcNow < deadline)
        {
            var batch = await log.ReadAsync("test", 100, CancellationToken.None);
            seen.AddRange(batch.Events.Where(e => e.DeveloperId == dev).Select(e => e.AggregateId));
            await log.AdvanceAsync("test", batch.Next, CancellationToken.None);
            await Task.Delay(50);
        }
        Assert.Equal(["low", "high"], seen);
        Assert.Equal(lowId, (await log.GetAsync(dev, EventModes.Test, lowId, CancellationToken.None))!.Id);
    }

    [Fact]
    public async Task The_fanout_delivers_a_late_committing_lower_seq_event_to_the_endpoint_too()
    {
        var db = await TestPostgres.CreateDatabaseAsync("evfanout");
        await PostgresSchema.ApplyAsync(db);
        await using var data = NpgsqlDataSource.Create(db);
        var fanout = new PostgresEventFanout(data);
        var dev = RowellIds.New(RowellIds.Developer);
        var endpoint = RowellIds.New(RowellIds.Webhook);
        await using (var cmd = data.CreateCommand("""
            INSERT INTO rowell_webhook_endpoints (id, developer_id, mode, url, events, status, secret_sealed, created_at, updated_at)
            VALUES ($1, $2, 'test', 'https://example.com/hook', ARRAY['*'], 'enabled', '\x00', now() - interval '1 hour', now())
            """))
        {
            cmd.Parameters.AddWithValue(endpoint);
            cmd.Parameters.AddWithValue(dev);
            await cmd.ExecuteNonQueryAsync();
        }

        await using var holdA = await data.OpenConnectionAsync();
        await using var txA = await holdA.BeginTransactionAsync();
        var low = await InsertAsync(holdA, txA, dev, "low");
        string high;
        await using (var connB = await data.OpenConnectionAsync())
        {
            await using var txB = await connB.BeginTransactionAsync();
            high = await InsertAsync(connB, txB, dev, "high");
            await txB.CommitAsync();
        }
        await fanout.RunAsync(500, CancellationToken.None);
        Assert.Empty(await DeliveredEventsAsync(data, endpoint));

        await txA.CommitAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<string> delivered;
        do
        {
            await fanout.RunAsync(500, CancellationToken.None);
            delivered = await DeliveredEventsAsync(data, endpoint);
        }
        while (delivered.Count < 2 && DateTime.UtcNow < deadline);
        Assert.Equal([low, high], delivered);

        // A repeated fan-out (a crash before the caller saw the answer) adds nothing.
        await data.CreateCommand("UPDATE rowell_event_cursors SET xid = '0', seq = 0 WHERE consumer = 'fanout'").ExecuteNonQueryAsync();
        await fanout.RunAsync(500, CancellationToken.None);
        Assert.Equal([low, high], await DeliveredEventsAsync(data, endpoint));
    }

    private static async Task<string> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string dev, string aggregate)
    {
        var id = RowellIds.New(RowellIds.Event);
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO rowell_events (id, developer_id, mode, aggregate_id, aggregate_seq, type, payload, created_at)
            VALUES ($1, $2, 'test', $3, 1, 'account.created', '{"id":"x"}', now())
            """, connection, tx);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(dev);
        cmd.Parameters.AddWithValue(aggregate);
        await cmd.ExecuteNonQueryAsync();
        return id;
    }

    private static async Task<Dictionary<string, long>> SeqsAsync(NpgsqlDataSource data, string dev)
    {
        await using var cmd = data.CreateCommand("SELECT aggregate_id, seq FROM rowell_events WHERE developer_id = $1");
        cmd.Parameters.AddWithValue(dev);
        var result = new Dictionary<string, long>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            result[r.GetString(0)] = r.GetInt64(1);
        }
        return result;
    }

    private static async Task<List<string>> DeliveredEventsAsync(NpgsqlDataSource data, string endpoint)
    {
        await using var cmd = data.CreateCommand("SELECT event_id FROM rowell_webhook_deliveries WHERE endpoint_id = $1 ORDER BY seq");
        cmd.Parameters.AddWithValue(endpoint);
        var ids = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            ids.Add(r.GetString(0));
        }
        return ids;
    }
}
