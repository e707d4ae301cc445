using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Webhooks;
using Rowell.Grains.Events;
using Rowell.Grains.Storage;

namespace Rowell.Grains.Webhooks;

/// <summary>Webhook endpoints and deliveries in Postgres (docker/postgres/042-rowell-webhooks.sql).</summary>
public sealed class PostgresWebhookStore(NpgsqlDataSource db) : IWebhookStore
{
    private const string EndpointColumns = "id, developer_id, mode, url, events, status, description, disabled_reason, secret_sealed, previous_secret_sealed, previous_secret_expires_at, failing_since, created_at, updated_at, event_seq";

    /// <summary>A delivery as JSON, for <see cref="DeliveryJson.Parse"/>.</summary>
    internal const string DeliveryRowJson = "json_build_object('id', id, 'endpoint_id', endpoint_id, 'event_id', event_id, 'event_type', event_type, 'status', status, 'attempt_count', attempt_count, 'next_attempt_at', next_attempt_at, 'last_status_code', last_status_code, 'created_at', created_at, 'attempts', attempts)::text";

    public async Task InsertEndpointAsync(WebhookEndpointRow row, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand($"INSERT INTO rowell_webhook_endpoints ({EndpointColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)");
        Bind(cmd.Parameters, row);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<WebhookEndpointRow?> GetEndpointAsync(string id, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand($"SELECT {EndpointColumns} FROM rowell_webhook_endpoints WHERE id = $1");
        cmd.Parameters.AddWithValue(id);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new WebhookEndpointRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetFieldValue<string[]>(4), r.GetString(5),
            r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetFieldValue<byte[]>(8),
            r.IsDBNull(9) ? null : r.GetFieldValue<byte[]>(9), Time(r, 10), Time(r, 11), Time(r, 12)!.Value, Time(r, 13)!.Value, r.GetInt32(14));
    }

    public async Task SaveEndpointAsync(WebhookEndpointRow row, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using (var cmd = new NpgsqlCommand("""
            UPDATE rowell_webhook_endpoints SET url = $4, events = $5, status = $6, description = $7, disabled_reason = $8, secret_sealed = $9,
                previous_secret_sealed = $10, previous_secret_expires_at = $11, failing_since = $12, updated_at = $14, event_seq = $15
            WHERE id = $1 AND developer_id = $2 AND mode = $3 AND created_at = $13
            """, connection, tx))
        {
            Bind(cmd.Parameters, row);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        if (events.Count > 0)
        {
            await using var ev = new NpgsqlCommand("""
                INSERT INTO rowell_events (id, developer_id, mode, aggregate_id, aggregate_seq, type, payload, created_at)
                SELECT x.id, x.dev, x.mode, x.agg, x.seq, x.type, x.payload::json, x.at
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::timestamptz[]) AS x(id, dev, mode, agg, seq, type, payload, at)
                ON CONFLICT DO NOTHING
                """, connection, tx);
            BindEvents(ev.Parameters, events);
            await ev.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
    }

    public async Task DeleteEndpointAsync(string id, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("WITH d AS (DELETE FROM rowell_webhook_deliveries WHERE endpoint_id = $1) DELETE FROM rowell_webhook_endpoints WHERE id = $1");
        cmd.Parameters.AddWithValue(id);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<Page<WebhookEndpointView>> ListEndpointsAsync(string developerId, string mode, PageRequest page, CancellationToken cancellationToken) =>
        PostgresPaging.QueryAsync(db, "rowell_webhook_endpoints",
            "json_build_object('id', id, 'developer_id', developer_id, 'mode', mode, 'url', url, 'events', events, 'status', status, 'description', description, 'disabled_reason', disabled_reason, 'created_at', created_at, 'updated_at', updated_at)::text",
            developerId, [("mode = @", mode)], page, ParseEndpoint, e => e.Id, cancellationToken);

    public async Task<IReadOnlyList<DueDelivery>> DueAsync(string endpointId, DateTimeOffset now, int limit, IReadOnlyCollection<string> exclude, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("""
            SELECT d.id, d.event_id, d.event_type, d.attempt_count, e.created_at, e.payload::text, COALESCE(e.payload->>'id', e.aggregate_id)
            FROM rowell_webhook_deliveries d JOIN rowell_events e ON e.id = d.event_id
            WHERE d.endpoint_id = $1 AND d.status = 'pending' AND d.next_attempt_at <= $2 AND NOT (d.id = ANY ($4))
            ORDER BY d.seq LIMIT $3
            """);
        cmd.Parameters.AddWithValue(endpointId);
        cmd.Parameters.AddWithValue(now.UtcDateTime);
        cmd.Parameters.AddWithValue(limit);
        cmd.Parameters.AddWithValue(exclude.ToArray());
        var due = new List<DueDelivery>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            var created = new DateTimeOffset(r.GetDateTime(4), TimeSpan.Zero);
            due.Add(new DueDelivery(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), created,
                EventJson.Render(r.GetString(1), r.GetString(2), created, r.GetString(5)), r.GetString(6)));
        }
        return due;
    }

    public async Task<PendingSummary> PendingAsync(string endpointId, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("SELECT count(*), min(next_attempt_at), min(created_at) FROM rowell_webhook_deliveries WHERE endpoint_id = $1 AND status = 'pending'");
        cmd.Parameters.AddWithValue(endpointId);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        return new PendingSummary(r.GetInt64(0), Time(r, 1), Time(r, 2));
    }

    public async Task RecordAttemptsAsync(IReadOnlyList<AttemptRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }
        // One statement for the whole batch: a delivery whose outcome never reaches here stays pending and is
        // attempted again (same webhook-id), so batching trades nothing but a possible duplicate.
        await using var cmd = db.CreateCommand("""
            UPDATE rowell_webhook_deliveries d SET status = x.status, next_attempt_at = x.next_at, attempt_count = d.attempt_count + 1, last_status_code = x.code,
                attempts = CASE WHEN jsonb_array_length(d.attempts) >= 50 THEN d.attempts - 0 ELSE d.attempts END || jsonb_build_array(x.attempt::jsonb)
            FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[], $5::text[]) AS x(id, status, next_at, code, attempt)
            WHERE d.id = x.id
            """);
        cmd.Parameters.AddWithValue(records.Select(r => r.DeliveryId).ToArray());
        cmd.Parameters.AddWithValue(records.Select(r => r.Status).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, records.Select(r => r.NextAttemptAt?.UtcDateTime).ToArray());
        cmd.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Integer, records.Select(r => r.Attempt.StatusCode).ToArray());
        cmd.Parameters.AddWithValue(records.Select(r => DeliveryJson.Attempt(r.Attempt)).ToArray());
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DeliveryView> AddTestDeliveryAsync(WebhookEndpointRow endpoint, DomainEvent testEvent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand($"""
            WITH e AS (
                INSERT INTO rowell_events (id, developer_id, mode, aggregate_id, aggregate_seq, type, payload, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7::json, $8) RETURNING id, type)
            INSERT INTO rowell_webhook_deliveries (id, endpoint_id, developer_id, event_id, event_type, status, next_attempt_at, created_at)
            SELECT $9, $4, $2, e.id, e.type, 'pending', $10, $10 FROM e
            RETURNING {DeliveryRowJson}
            """);
        var p = cmd.Parameters;
        p.AddWithValue(testEvent.Id);
        p.AddWithValue(testEvent.DeveloperId);
        p.AddWithValue(testEvent.Mode);
        p.AddWithValue(endpoint.Id);
        p.AddWithValue(testEvent.AggregateSeq);
        p.AddWithValue(testEvent.Type);
        p.AddWithValue(testEvent.PayloadJson);
        p.AddWithValue(testEvent.At.UtcDateTime);
        p.AddWithValue(WebhookIds.Delivery(endpoint.Id, testEvent.Id));
        p.AddWithValue(now.UtcDateTime);
        return DeliveryJson.Parse((string)(await cmd.ExecuteScalarAsync(cancellationToken))!);
    }

    public async Task<DeliveryView?> RedeliverAsync(string endpointId, string deliveryId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand($"UPDATE rowell_webhook_deliveries SET status = 'pending', next_attempt_at = $3 WHERE id = $2 AND endpoint_id = $1 RETURNING {DeliveryRowJson}");
        cmd.Parameters.AddWithValue(endpointId);
        cmd.Parameters.AddWithValue(deliveryId);
        cmd.Parameters.AddWithValue(now.UtcDateTime);
        return await cmd.ExecuteScalarAsync(cancellationToken) is string json ? DeliveryJson.Parse(json) : null;
    }

    public Task<Page<DeliveryView>> ListDeliveriesAsync(string developerId, string endpointId, DeliveryFilter filter, PageRequest page, CancellationToken cancellationToken) =>
        PostgresPaging.QueryAsync(db, "rowell_webhook_deliveries", DeliveryRowJson, developerId,
            [("endpoint_id = @", endpointId), ("status = @", filter.Status), ("event_type = @", filter.EventType)],
            page, DeliveryJson.Parse, d => d.Id, cancellationToken);

    public async Task<DeliveryView?> GetDeliveryAsync(string endpointId, string deliveryId, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand($"SELECT {DeliveryRowJson} FROM rowell_webhook_deliveries WHERE id = $2 AND endpoint_id = $1");
        cmd.Parameters.AddWithValue(endpointId);
        cmd.Parameters.AddWithValue(deliveryId);
        return await cmd.ExecuteScalarAsync(cancellationToken) is string json ? DeliveryJson.Parse(json) : null;
    }

    public async Task<(long Count, DateTimeOffset? Oldest)> PendingStatsAsync(CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("SELECT count(*), min(created_at) FROM rowell_webhook_deliveries WHERE status = 'pending'");
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        return (r.GetInt64(0), Time(r, 1));
    }

    public async Task<IReadOnlyList<string>> EndpointsWithDueWorkAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("""
            SELECT DISTINCT d.endpoint_id FROM rowell_webhook_deliveries d JOIN rowell_webhook_endpoints w ON w.id = d.endpoint_id AND w.status = 'enabled'
            WHERE d.status = 'pending' AND d.next_attempt_at <= $1 LIMIT $2
            """);
        cmd.Parameters.AddWithValue(now.UtcDateTime);
        cmd.Parameters.AddWithValue(limit);
        var ids = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            ids.Add(r.GetString(0));
        }
        return ids;
    }

    private static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : new DateTimeOffset(r.GetDateTime(i), TimeSpan.Zero);

    private static void Bind(NpgsqlParameterCollection p, WebhookEndpointRow row)
    {
        p.AddWithValue(row.Id);
        p.AddWithValue(row.DeveloperId);
        p.AddWithValue(row.Mode);
        p.AddWithValue(row.Url);
        p.AddWithValue(row.Events.ToArray());
        p.AddWithValue(row.Status);
        p.AddWithValue(NpgsqlDbType.Text, (object?)row.Description ?? DBNull.Value);
        p.AddWithValue(NpgsqlDbType.Text, (object?)row.DisabledReason ?? DBNull.Value);
        p.AddWithValue(row.SealedSecret);
        p.AddWithValue(NpgsqlDbType.Bytea, (object?)row.PreviousSealedSecret ?? DBNull.Value);
        p.AddWithValue(NpgsqlDbType.TimestampTz, (object?)row.PreviousSecretExpiresAt?.UtcDateTime ?? DBNull.Value);
        p.AddWithValue(NpgsqlDbType.TimestampTz, (object?)row.FailingSince?.UtcDateTime ?? DBNull.Value);
        p.AddWithValue(row.CreatedAt.UtcDateTime);
        p.AddWithValue(row.UpdatedAt.UtcDateTime);
        p.AddWithValue(row.EventSeq);
    }

    internal static void BindEvents(NpgsqlParameterCollection p, IReadOnlyList<DomainEvent> events)
    {
        p.AddWithValue(events.Select(e => e.Id).ToArray());
        p.AddWithValue(events.Select(e => e.DeveloperId).ToArray());
        p.AddWithValue(events.Select(e => e.Mode).ToArray());
        p.AddWithValue(events.Select(e => e.AggregateId).ToArray());
        p.AddWithValue(events.Select(e => e.AggregateSeq).ToArray());
        p.AddWithValue(events.Select(e => e.Type).ToArray());
        p.AddWithValue(events.Select(e => e.PayloadJson).ToArray());
        p.AddWithValue(events.Select(e => e.At.UtcDateTime).ToArray());
    }

    private static WebhookEndpointView ParseEndpoint(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        return new WebhookEndpointView(r.GetProperty("id").GetString()!, r.GetProperty("developer_id").GetString()!, r.GetProperty("mode").GetString()!,
            r.GetProperty("url").GetString()!, r.GetProperty("events").EnumerateArray().Select(e => e.GetString()!).ToList(), r.GetProperty("status").GetString()!,
            DeliveryJson.OptionalString(r, "description"), DeliveryJson.OptionalString(r, "disabled_reason"),
            r.GetProperty("created_at").GetDateTimeOffset(), r.GetProperty("updated_at").GetDateTimeOffset());
    }
}
