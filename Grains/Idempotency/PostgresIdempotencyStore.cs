using Npgsql;
using Rowell.Abstractions.Idempotency;

namespace Rowell.Grains.Idempotency;

public sealed class PostgresIdempotencyStore(NpgsqlDataSource db, Storage.PostgresBatcher batcher) : IIdempotencyStore
{
    public async Task<IdempotencyRecord> ClaimAsync(string key, IdempotencyRecord candidate, DateTimeOffset expiredBefore, CancellationToken cancellationToken)
    {
        // Insert, or take over an expired record; otherwise the live record is read back below.
        var cmd = new NpgsqlBatchCommand("""
            WITH claim AS (
                INSERT INTO rowell_idempotency AS r (key, fingerprint, resource_id, created_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, resource_id = EXCLUDED.resource_id,
                    status_code = NULL, body = NULL, created_at = EXCLUDED.created_at
                WHERE r.created_at < $5
                RETURNING fingerprint, resource_id, status_code, body, created_at)
            SELECT * FROM claim
            UNION ALL
            SELECT fingerprint, resource_id, status_code, body, created_at FROM rowell_idempotency
             WHERE key = $1 AND NOT EXISTS (SELECT 1 FROM claim)
            """);
        cmd.Parameters.AddWithValue(key);
        cmd.Parameters.AddWithValue(candidate.Fingerprint);
        cmd.Parameters.AddWithValue(candidate.ResourceId);
        cmd.Parameters.AddWithValue(candidate.CreatedAt.UtcDateTime);
        cmd.Parameters.AddWithValue(expiredBefore.UtcDateTime);
        var record = await batcher.ExecuteAsync(cmd, async (reader, ct) => await reader.ReadAsync(ct)
            ? new IdempotencyRecord(reader.GetString(0), reader.GetString(1),
                reader.IsDBNull(2) ? null : new StoredResponse(reader.GetInt32(2), reader.GetString(3)),
                reader.GetFieldValue<DateTimeOffset>(4))
            : null, cancellationToken);
        // No row: the conflicting row was committed by another transaction after our snapshot; read again.
        return record ?? await ClaimAsync(key, candidate, expiredBefore, cancellationToken);
    }

    public async Task<StoredResponse> CompleteAsync(string key, StoredResponse response, CancellationToken cancellationToken)
    {
        var cmd = new NpgsqlBatchCommand("""
            WITH done AS (
                UPDATE rowell_idempotency SET status_code = $2, body = $3 WHERE key = $1 AND status_code IS NULL
                RETURNING status_code, body)
            SELECT * FROM done
            UNION ALL
            SELECT status_code, body FROM rowell_idempotency WHERE key = $1 AND NOT EXISTS (SELECT 1 FROM done)
            """);
        cmd.Parameters.AddWithValue(key);
        cmd.Parameters.AddWithValue(response.StatusCode);
        cmd.Parameters.AddWithValue(response.Body);
        var stored = await batcher.ExecuteAsync(cmd, async (reader, ct) => await reader.ReadAsync(ct) && !reader.IsDBNull(0)
            ? new StoredResponse(reader.GetInt32(0), reader.GetString(1))
            : null, cancellationToken);
        return stored ?? throw new InvalidOperationException($"Idempotency key {key} was never claimed.");
    }

    public async Task<int> DeleteExpiredAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("DELETE FROM rowell_idempotency WHERE created_at < $1");
        cmd.Parameters.AddWithValue(expiredBefore.UtcDateTime);
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
