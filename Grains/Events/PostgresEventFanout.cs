using Npgsql;

namespace Rowell.Grains.Events;

/// <summary>
/// The fan-out as ONE statement: read the next committed events after the "fanout" cursor (safe horizon,
/// (xid, seq) order), insert their webhook deliveries and email outbox rows, and advance the cursor. One
/// statement is one transaction: either all of it happens or none, and a repeat after a crash is absorbed
/// by ON CONFLICT DO NOTHING on (endpoint, event) and on the outbox's event id.
/// </summary>
public sealed class PostgresEventFanout(NpgsqlDataSource db) : IEventFanout
{
    private const string Sql = """
        WITH batch AS MATERIALIZED (
            SELECT e.seq, e.xid, e.id, e.developer_id, e.mode, e.type, e.payload, e.created_at
            FROM rowell_events e
            WHERE (e.xid, e.seq) > (COALESCE((SELECT c.xid FROM rowell_event_cursors c WHERE c.consumer = $1), '0'::xid8),
                                    COALESCE((SELECT c.seq FROM rowell_event_cursors c WHERE c.consumer = $1), 0))
              AND e.xid < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY e.xid, e.seq
            LIMIT $2),
        last AS (SELECT xid, seq FROM batch ORDER BY xid DESC, seq DESC LIMIT 1),
        cur AS (
            INSERT INTO rowell_event_cursors AS c (consumer, xid, seq, updated_at)
            SELECT $1, last.xid, last.seq, now() FROM last
            ON CONFLICT (consumer) DO UPDATE SET xid = EXCLUDED.xid, seq = EXCLUDED.seq, updated_at = now()
            WHERE (c.xid, c.seq) < (EXCLUDED.xid, EXCLUDED.seq)
            RETURNING 1),
        dl AS (
            INSERT INTO rowell_webhook_deliveries (id, endpoint_id, developer_id, event_id, event_type, status, next_attempt_at, created_at)
            SELECT rowell_derive_id('whd', w.id || '/' || b.id), w.id, b.developer_id, b.id, b.type, 'pending', now(), now()
            FROM batch b
            JOIN rowell_webhook_endpoints w
              ON w.developer_id = b.developer_id AND w.mode = b.mode AND w.status = 'enabled'
             AND (b.type = ANY (w.events) OR '*' = ANY (w.events)) AND w.created_at <= b.created_at
            WHERE b.type <> 'webhook.test'
            ORDER BY b.xid, b.seq, w.id
            ON CONFLICT DO NOTHING
            RETURNING endpoint_id),
        em AS (
            INSERT INTO rowell_email_outbox (event_id, developer_id, event_type, payload, status, next_attempt_at, created_at)
            SELECT b.id, b.developer_id, b.type, b.payload, 'pending', now(), now() FROM batch b WHERE b.type = ANY ($3)
            ON CONFLICT DO NOTHING
            RETURNING 1)
        SELECT (SELECT count(*) FROM batch)::int, (SELECT count(*) FROM em)::int, ARRAY(SELECT DISTINCT endpoint_id FROM dl), (SELECT count(*) FROM cur)::int
        """;

    public async Task<FanoutResult> RunAsync(int limit, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(Sql);
        cmd.Parameters.AddWithValue(EventConsumers.Fanout);
        cmd.Parameters.AddWithValue(limit);
        cmd.Parameters.AddWithValue(EmailedEvents.Types.ToArray());
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        return new FanoutResult(r.GetInt32(0), r.GetFieldValue<string[]>(2), r.GetInt32(1));
    }
}
