using System.Text.Json;
using Npgsql;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Deposits;
using Rowell.Grains.Events;

namespace Rowell.Grains.Deposits;

/// <summary>Cluster mode: docker/postgres/070-rowell-deposits.sql.</summary>
public sealed class PostgresDepositStore(NpgsqlDataSource db) : IDepositStore
{
    // One statement, so one transaction: the deposit, its event and (sandbox) the credit commit together or
    // not at all. ON CONFLICT DO NOTHING covers both the id and (network, ledger_operation_id); the event and
    // the credit only follow a row that was inserted by THIS statement.
    private const string RecordSql = """
        WITH d AS (
            INSERT INTO rowell_deposits (id, developer_id, account_id, wallet_id, network, environment, asset_code, amount_minor,
                                         tx_hash, ledger_operation_id, ledger_time, created_at, view)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::json)
            ON CONFLICT DO NOTHING
            RETURNING id),
        e AS (
            INSERT INTO rowell_events (id, developer_id, mode, aggregate_id, aggregate_seq, type, payload, created_at)
            SELECT $14, $2, $15, $1, 1, $16, $17::json, $12 FROM d
            RETURNING 1),
        acct AS (
            INSERT INTO sandbox_accounts (network, address)
            SELECT $18, $19 FROM d WHERE $18 IS NOT NULL
            ON CONFLICT DO NOTHING),
        c AS (
            INSERT INTO sandbox_balances AS b (network, address, asset, amount_minor)
            SELECT $18, $19, $20, $21 FROM d WHERE $18 IS NOT NULL
            ON CONFLICT (network, address, asset) DO UPDATE SET amount_minor = b.amount_minor + EXCLUDED.amount_minor
            RETURNING 1)
        SELECT (SELECT count(*) FROM d), (SELECT count(*) FROM e)
        """;

    public async Task<(DepositView Deposit, bool Created)> RecordAsync(DepositView d, DomainEvent received, SandboxCredit? credit, CancellationToken cancellationToken)
    {
        await using (var cmd = db.CreateCommand(RecordSql))
        {
            var p = cmd.Parameters;
            p.AddWithValue(d.Id);
            p.AddWithValue(d.DeveloperId);
            p.AddWithValue(d.AccountId);
            p.AddWithValue(d.WalletId);
            p.AddWithValue(d.Network.Wire());
            p.AddWithValue(d.Environment.Wire());
            p.AddWithValue(d.AssetCode);
            p.AddWithValue(d.AmountMinor);
            p.AddWithValue(d.TransactionHash);
            p.AddWithValue(d.LedgerOperationId);
            p.AddWithValue(d.LedgerTime);
            p.AddWithValue(d.CreatedAt);
            p.AddWithValue(JsonSerializer.Serialize(d));
            p.AddWithValue(received.Id);
            p.AddWithValue(received.Mode);
            p.AddWithValue(received.Type);
            p.AddWithValue(received.PayloadJson);
            p.Add(new NpgsqlParameter<string?> { TypedValue = credit?.Network.Wire(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            p.Add(new NpgsqlParameter<string?> { TypedValue = credit?.Address, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            p.Add(new NpgsqlParameter<string?> { TypedValue = credit?.Asset, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            p.Add(new NpgsqlParameter<long?> { TypedValue = credit?.AmountMinor, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (reader.GetInt64(0) == 1)
            {
                return (d, true);
            }
        }
        await using var existing = db.CreateCommand("SELECT view::text FROM rowell_deposits WHERE (network = $1 AND ledger_operation_id = $2) OR id = $3 LIMIT 1");
        existing.Parameters.AddWithValue(d.Network.Wire());
        existing.Parameters.AddWithValue(d.LedgerOperationId);
        existing.Parameters.AddWithValue(d.Id);
        var json = (string?)await existing.ExecuteScalarAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Deposit {d.Id} was neither inserted nor found.");
        return (JsonSerializer.Deserialize<DepositView>(json)!, false);
    }

    public async Task<DepositView?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("SELECT view::text FROM rowell_deposits WHERE id = $1");
        cmd.Parameters.AddWithValue(id);
        return await cmd.ExecuteScalarAsync(cancellationToken) is string json ? JsonSerializer.Deserialize<DepositView>(json) : null;
    }

    public Task<Page<DepositView>> ListAsync(string developerId, DepositFilter filter, PageRequest page, CancellationToken cancellationToken) =>
        Storage.PostgresPaging.QueryAsync(db, "rowell_deposits", "view::text", developerId,
        [
            ("account_id = @", filter.AccountId),
            ("network = @", filter.Network?.Wire()),
            ("asset_code = @", filter.AssetCode),
            ("environment = @", filter.Environment?.Wire()),
            ("tx_hash = @", filter.TransactionHash),
            ("created_at <= @", filter.CreatedAtOrBefore),
            ("created_at > @", filter.CreatedAfter),
        ],
        page, json => JsonSerializer.Deserialize<DepositView>(json)!, d => d.Id, cancellationToken, filter.NearestLowerBound);
}
