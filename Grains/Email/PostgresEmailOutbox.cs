using Npgsql;
using NpgsqlTypes;

namespace Rowell.Grains.Email;

public sealed class PostgresEmailOutbox(NpgsqlDataSource db) : IEmailOutbox
{
    private const string Columns = "event_id, developer_id, event_type, payload::text, status, attempts, recipient, last_error, created_at";

    public async Task<IReadOnlyList<OutboxEmail>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand($"SELECT {Columns} FROM rowell_email_outbox WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2");
        cmd.Parameters.AddWithValue(now.UtcDateTime);
        cmd.Parameters.AddWithValue(limit);
        var rows = new List<OutboxEmail>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            rows.Add(Read(r));
        }
        return rows;
    }

    public async Task MarkAsync(string eventId, string status, string? recipient, string? error, DateTimeOffset? nextAttemptAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("""
            UPDATE rowell_email_outbox SET status = $2, recipient = COALESCE($3, recipient), last_error = $4, attempts = attempts + 1,
                next_attempt_at = COALESCE($5, next_attempt_at), finished_at = CASE WHEN $2 = 'pending' THEN NULL ELSE $6 END
            WHERE event_id = $1
            """);
        cmd.Parameters.AddWithValue(eventId);
        cmd.Parameters.AddWithValue(status);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)recipient ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)error ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.TimestampTz, (object?)nextAttemptAt?.UtcDateTime ?? DBNull.Value);
        cmd.Parameters.AddWithValue(now.UtcDateTime);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<OutboxEmail?> GetAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand($"SELECT {Columns} FROM rowell_email_outbox WHERE event_id = $1");
        cmd.Parameters.AddWithValue(eventId);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken) ? Read(r) : null;
    }

    private static OutboxEmail Read(NpgsqlDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5),
        r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), new DateTimeOffset(r.GetDateTime(8), TimeSpan.Zero));
}
