using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Transfers;

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
            ? $"INSERT INTO rowell_transfers (id, {Columns}, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18::jsonb, $19 + 1) ON CONFLICT (id) DO NOTHING RETURNING version"
            : "UPDATE rowell_transfers SET status = $3, to_country = $11, tx_hash = $12, fee_minor = $14, updated_at = $16, needs_driving = $17, state = $18::jsonb, version = $19 + 1 WHERE id = $1 AND version = $19 RETURNING version";
        var sql = $"""
            WITH w AS ({write}),
            e AS (
                INSERT INTO rowell_events (id, developer_id, aggregate_id, aggregate_seq, type, payload, created_at)
                SELECT x.id, $2, $1, x.seq, x.type, x.payload::jsonb, x.at
                FROM unnest($20::text[], $21::int[], $22::text[], $23::text[], $24::timestamptz[]) AS x(id, seq, type, payload, at)
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
        // Group-committed with concurrent writes (see PostgresBatcher); null means the version check failed.
        var version = await batcher.ExecuteAsync(cmd, async (reader, ct) => await reader.ReadAsync(ct) ? reader.GetInt64(0) : (long?)null, cancellationToken);
        return version ?? throw new TransferVersionConflictException(s.Id);
    }

    public async Task<Page<TransferView>> ListAsync(string developerId, TransferFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("SELECT state FROM rowell_transfers WHERE developer_id = $1");
        var args = new List<object> { developerId };
        void Where(string condition, string? value)
        {
            if (value is not null)
            {
                args.Add(value);
                sql.Append(" AND ").Append(condition.Replace("@", "$" + args.Count));
            }
        }
        Where("status = @", filter.Status?.Wire());
        Where("asset_code = @", filter.AssetCode);
        Where("network = @", filter.Network?.Wire());
        Where("from_country = @", filter.FromCountry);
        Where("to_country = @", filter.ToCountry);
        Where("(from_account = @ OR to_account = @)", filter.Account);
        Where("tx_hash = @", filter.TransactionHash);
        if (filter.OnlyOnLedger)
        {
            sql.Append(" AND tx_hash IS NOT NULL");
        }

        var cursor = page.StartingAfter ?? page.EndingBefore;
        var backwards = page.EndingBefore is not null;
        if (cursor is not null)
        {
            await using var own = db.CreateCommand("SELECT EXISTS (SELECT 1 FROM rowell_transfers WHERE id = $1 AND developer_id = $2)");
            own.Parameters.AddWithValue(cursor);
            own.Parameters.AddWithValue(developerId);
            if (!(bool)(await own.ExecuteScalarAsync(cancellationToken))!)
            {
                throw RowellException.Validation(backwards ? "ending_before" : "starting_after", "The cursor does not name one of your objects.");
            }
            args.Add(cursor);
            sql.Append($" AND (created_at, id) {(backwards ? ">" : "<")} (SELECT created_at, id FROM rowell_transfers WHERE id = ${args.Count})");
        }
        sql.Append(backwards ? " ORDER BY created_at ASC, id ASC" : " ORDER BY created_at DESC, id DESC");
        args.Add(page.Limit + 1);
        sql.Append($" LIMIT ${args.Count}");

        await using var cmd = db.CreateCommand(sql.ToString());
        foreach (var arg in args)
        {
            cmd.Parameters.AddWithValue(arg);
        }
        var rows = new List<TransferView>();
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(JsonSerializer.Deserialize<TransferState>(reader.GetString(0))!.ToView());
            }
        }
        var hasMore = rows.Count > page.Limit;
        var items = rows.Take(page.Limit).ToList();
        if (backwards)
        {
            items.Reverse();
            return new Page<TransferView>(items, hasMore, hasMore ? items[0].Id : null);
        }
        return new Page<TransferView>(items, hasMore, hasMore ? items[^1].Id : null);
    }

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
