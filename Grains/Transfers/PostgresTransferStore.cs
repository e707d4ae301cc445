using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Transfers;
using Rowell.Grains.Events;

namespace Rowell.Grains.Transfers;

/// <summary>Transfers in Postgres (docker/postgres/020-rowell-transfers.sql): one statement per state change.</summary>
public sealed class PostgresTransferStore(NpgsqlDataSource db, Storage.PostgresBatcher batcher) : ITransferStore
{
    private const string Columns = "developer_id, status, network, environment, asset_code, from_account, to_account, to_address, from_country, to_country, tx_hash, amount_minor, fee_minor, created_at, updated_at, needs_driving, state";

    public async Task<(TransferState State, long Version)?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("SELECT state, version FROM rowell_transfers WHERE id = $1");
        cmd.Parameters.AddWithValue(id);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return (JsonSerializer.Deserialize<TransferState>(reader.GetString(0))!, reader.GetInt64(1));
    }

    public async Task<long> SaveAsync(TransferState s, long expectedVersion, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        // Data-modifying CTEs: the row write and the event inserts are one statement, so they commit
        // together; events are only written when the version check let the row write through.
        var write = expectedVersion == 0
            ? $"INSERT INTO rowell_transfers (id, {Columns}, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18::json, $19 + 1) ON CONFLICT (id) DO NOTHING RETURNING version"
            : "UPDATE rowell_transfers SET status = $3, to_country = $11, tx_hash = $12, fee_minor = $14, updated_at = $16, needs_driving = $17, state = $18::json, version = $19 + 1 WHERE id = $1 AND version = $19 RETURNING version";
        var sql = $"""
            WITH w AS ({write}),
            e AS (
                INSERT INTO rowell_events (id, developer_id, mode, aggregate_id, aggregate_seq, type, payload, created_at)
                SELECT x.id, $2, x.mode, $1, x.seq, x.type, x.payload::json, x.at
                FROM unnest($20::text[], $21::int[], $22::text[], $23::text[], $24::timestamptz[], $25::text[]) AS x(id, seq, type, payload, at, mode)
                WHERE EXISTS (SELECT 1 FROM w)
                RETURNING 1)
            SELECT version, (SELECT count(*) FROM e) FROM w
            """;
        var cmd = new NpgsqlBatchCommand(sql);
        var p = cmd.Parameters;
        p.AddWithValue(s.Id);
        p.AddWithValue(s.DeveloperId);
        p.AddWithValue(s.Status.Wire());
        p.AddWithValue(s.Network.Wire());
        p.AddWithValue(s.Environment.Wire());
        p.AddWithValue(s.AssetCode);
        p.AddWithValue(s.FromAccountId);
        p.AddWithValue(NpgsqlDbType.Text, (object?)s.ToAccountId ?? DBNull.Value);
        p.AddWithValue(s.ToAddress);
        p.AddWithValue(NpgsqlDbType.Text, (object?)s.FromCountry ?? DBNull.Value);
        p.AddWithValue(NpgsqlDbType.Text, (object?)s.ToCountry ?? DBNull.Value);
        p.AddWithValue(NpgsqlDbType.Text, (object?)s.TxHash ?? DBNull.Value);
        p.AddWithValue(s.AmountMinor);
        p.AddWithValue(s.FeeMinor);
        p.AddWithValue(s.CreatedAt.UtcDateTime);
        p.AddWithValue(s.UpdatedAt.UtcDateTime);
        p.AddWithValue(s.NeedsDriving);
        p.AddWithValue(JsonSerializer.Serialize(s));
        p.AddWithValue(expectedVersion);
        p.AddWithValue(events.Select(e => e.Id).ToArray());
        p.AddWithValue(events.Select(e => e.AggregateSeq).ToArray());
        p.AddWithValue(events.Select(e => e.Type).ToArray());
        p.AddWithValue(events.Select(e => e.PayloadJson).ToArray());
        p.AddWithValue(events.Select(e => e.At.UtcDateTime).ToArray());
        p.AddWithValue(events.Select(e => e.Mode).ToArray());
        // Group-committed with concurrent writes (see PostgresBatcher); null means the version check failed.
        var version = await batcher.ExecuteAsync(cmd, async (reader, ct) => await reader.ReadAsync(ct) ? reader.GetInt64(0) : (long?)null, cancellationToken);
        return version ?? throw new TransferVersionConflictException(s.Id);
    }

    public Task<Page<TransferView>> ListAsync(string developerId, TransferFilter filter, PageRequest page, CancellationToken cancellationToken) =>
        Storage.PostgresPaging.QueryAsync(db, "rowell_transfers", "state::text", developerId,
        [
            ("status = @", filter.Status?.Wire()),
            ("asset_code = @", filter.AssetCode),
            ("network = @", filter.Network?.Wire()),
            ("from_country = @", filter.FromCountry),
            ("to_country = @", filter.ToCountry),
            ("(from_account = @ OR to_account = @)", filter.Account),
            ("tx_hash = @", filter.TransactionHash),
            ("tx_hash IS NOT NULL AND @", filter.OnlyOnLedger ? true : null),
            ("environment = @", filter.Environment?.Wire()),
            ("created_at < @", filter.CreatedBefore),
            ("created_at >= @", filter.CreatedAtOrAfter),
        ],
        page, json => JsonSerializer.Deserialize<TransferState>(json)!.ToView(), t => t.Id, cancellationToken, filter.NearestLowerBound);

    public async Task<IReadOnlyList<string>> FindUnfinishedAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("SELECT id FROM rowell_transfers WHERE needs_driving AND updated_at < $1 ORDER BY updated_at LIMIT $2");
        cmd.Parameters.AddWithValue(before.UtcDateTime);
        cmd.Parameters.AddWithValue(limit);
        var ids = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }
}
