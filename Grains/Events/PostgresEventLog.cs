using System.Text.Json;
using Npgsql;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Events;
using Rowell.Grains.Storage;

namespace Rowell.Grains.Events;

/// <summary>
/// rowell_events in Postgres (020, 040, 041). Reads only rows whose writing transaction is older than every
/// transaction still running, in (xid, seq) order: a transaction that took a lower seq but commits later
/// holds the horizon back until it commits, so no cursor ever passes it.
/// </summary>
public sealed class PostgresEventLog(NpgsqlDataSource db) : IEventLog
{
    /// <summary>The committed-events read every durable consumer shares; $1 = consumer, $2 = limit.</summary>
    public const string CommittedAfterCursor = """
        SELECT e.seq, e.xid::text, e.id, e.developer_id, e.mode, e.aggregate_id, e.aggregate_seq, e.type, e.payload::text, e.created_at
        FROM rowell_events e
        WHERE (e.xid, e.seq) > (COALESCE((SELECT c.xid FROM rowell_event_cursors c WHERE c.consumer = $1), '0'::xid8),
                                COALESCE((SELECT c.seq FROM rowell_event_cursors c WHERE c.consumer = $1), 0))
          AND e.xid < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY e.xid, e.seq
        LIMIT $2
        """;

    public async Task AppendAsync(IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }
        await using var cmd = db.CreateCommand("""
            INSERT INTO rowell_events (id, developer_id, mode, aggregate_id, aggregate_seq, type, payload, created_at)
            SELECT x.id, x.dev, x.mode, x.agg, x.seq, x.type, x.payload::json, x.at
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::timestamptz[])
                 AS x(id, dev, mode, agg, seq, type, payload, at)
            ON CONFLICT DO NOTHING
            """);
        var p = cmd.Parameters;
        p.AddWithValue(events.Select(e => e.Id).ToArray());
        p.AddWithValue(events.Select(e => e.DeveloperId).ToArray());
        p.AddWithValue(events.Select(e => e.Mode).ToArray());
        p.AddWithValue(events.Select(e => e.AggregateId).ToArray());
        p.AddWithValue(events.Select(e => e.AggregateSeq).ToArray());
        p.AddWithValue(events.Select(e => e.Type).ToArray());
        p.AddWithValue(events.Select(e => e.PayloadJson).ToArray());
        p.AddWithValue(events.Select(e => e.At.UtcDateTime).ToArray());
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<EventBatch> ReadAsync(string consumer, int limit, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(CommittedAfterCursor);
        cmd.Parameters.AddWithValue(consumer);
        cmd.Parameters.AddWithValue(limit);
        var events = new List<CommittedEvent>();
        var next = (EventCursor?)null;
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(Read(reader));
            next = new EventCursor(ulong.Parse(reader.GetString(1)), reader.GetInt64(0));
        }
        return new EventBatch(events, next ?? await CursorAsync(consumer, cancellationToken));
    }

    public static CommittedEvent Read(NpgsqlDataReader r) => new(
        r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt32(6), r.GetString(7), r.GetString(8),
        new DateTimeOffset(r.GetDateTime(9), TimeSpan.Zero), r.GetInt64(0));

    private async Task<EventCursor> CursorAsync(string consumer, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("SELECT xid::text, seq FROM rowell_event_cursors WHERE consumer = $1");
        cmd.Parameters.AddWithValue(consumer);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new EventCursor(ulong.Parse(reader.GetString(0)), reader.GetInt64(1)) : EventCursor.Start;
    }

    public async Task AdvanceAsync(string consumer, EventCursor cursor, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO rowell_event_cursors AS c (consumer, xid, seq, updated_at) VALUES ($1, $2::text::xid8, $3, now())
            ON CONFLICT (consumer) DO UPDATE SET xid = EXCLUDED.xid, seq = EXCLUDED.seq, updated_at = now()
            WHERE (c.xid, c.seq) < (EXCLUDED.xid, EXCLUDED.seq)
            """);
        cmd.Parameters.AddWithValue(consumer);
        cmd.Parameters.AddWithValue(cursor.Xid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue(cursor.Seq);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string RowJson = "json_build_object('id', id, 'dev', developer_id, 'mode', mode, 'agg', aggregate_id, 'aseq', aggregate_seq, 'type', type, 'payload', payload::text, 'at', created_at, 'seq', seq)::text";

    public Task<Page<CommittedEvent>> ListAsync(string developerId, string mode, EventFilter filter, PageRequest page, CancellationToken cancellationToken) =>
        PostgresPaging.QueryAsync(db, "rowell_events", RowJson, developerId,
        [
            ("mode = @", mode),
            ("type = @", filter.Type),
            ("created_at >= @", filter.CreatedGte?.UtcDateTime),
            ("created_at <= @", filter.CreatedLte?.UtcDateTime),
        ],
        page, FromJson, e => e.Id, cancellationToken);

    public async Task<CommittedEvent?> GetAsync(string developerId, string mode, string id, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand($"SELECT {RowJson} FROM rowell_events WHERE id = $1 AND developer_id = $2 AND mode = $3");
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(developerId);
        cmd.Parameters.AddWithValue(mode);
        return await cmd.ExecuteScalarAsync(cancellationToken) is string json ? FromJson(json) : null;
    }

    private static CommittedEvent FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        return new CommittedEvent(r.GetProperty("id").GetString()!, r.GetProperty("dev").GetString()!, r.GetProperty("mode").GetString()!,
            r.GetProperty("agg").GetString()!, r.GetProperty("aseq").GetInt32(), r.GetProperty("type").GetString()!,
            r.GetProperty("payload").GetString()!, r.GetProperty("at").GetDateTimeOffset(), r.GetProperty("seq").GetInt64());
    }
}
