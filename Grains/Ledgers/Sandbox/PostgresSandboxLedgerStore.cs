using Microsoft.Extensions.Logging;
using Npgsql;
using Rowell.Abstractions.Common;

namespace Rowell.Grains.Ledgers.Sandbox;

/// <summary>Cluster-mode books in Postgres (docker/postgres/011-rowell-sandbox-ledger.sql).</summary>
/// <remarks>
/// Payments are group-committed through a batcher of their own with a single worker: a payment
/// holds row locks until its batch commits, and two batches running at once could lock the same
/// balances in opposite orders and deadlock (Postgres would break it only after deadlock_timeout,
/// 1 s). One worker per silo keeps the batches of this silo in sequence.
/// </remarks>
public sealed class PostgresSandboxLedgerStore(NpgsqlDataSource db, ILogger<Storage.PostgresBatcher> logger) : ISandboxLedgerStore, IAsyncDisposable
{
    private readonly Storage.PostgresBatcher batcher = new(db, logger, workers: 1);

    public ValueTask DisposeAsync() => batcher.DisposeAsync();

    public async Task<long> NextAccountNumberAsync(CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("SELECT nextval('sandbox_account_number')");
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task OpenAccountAsync(Network network, string address, IReadOnlyList<(string Asset, long AmountMinor)> startingBalances, CancellationToken cancellationToken)
    {
        // One statement: the account row and its starting balances appear together, once.
        await using var cmd = db.CreateCommand("""
            WITH opened AS (
                INSERT INTO sandbox_accounts (network, address) VALUES ($1, $2)
                ON CONFLICT DO NOTHING RETURNING address)
            INSERT INTO sandbox_balances (network, address, asset, amount_minor)
            SELECT $1, o.address, s.asset, s.amount FROM opened o, unnest($3::text[], $4::bigint[]) AS s(asset, amount)
            """);
        cmd.Parameters.AddWithValue(network.Wire());
        cmd.Parameters.AddWithValue(address);
        cmd.Parameters.AddWithValue(startingBalances.Select(b => b.Asset).ToArray());
        cmd.Parameters.AddWithValue(startingBalances.Select(b => b.AmountMinor).ToArray());
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> AccountExistsAsync(Network network, string address, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("SELECT EXISTS (SELECT 1 FROM sandbox_accounts WHERE network = $1 AND address = $2)");
        cmd.Parameters.AddWithValue(network.Wire());
        cmd.Parameters.AddWithValue(address);
        return (bool)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<(string Asset, long AmountMinor)>> GetBalancesAsync(Network network, string address, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("SELECT asset, amount_minor FROM sandbox_balances WHERE network = $1 AND address = $2 ORDER BY asset");
        cmd.Parameters.AddWithValue(network.Wire());
        cmd.Parameters.AddWithValue(address);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var result = new List<(string, long)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add((reader.GetString(0), reader.GetInt64(1)));
        }
        return result;
    }

    public async Task CreditAsync(Network network, string address, string asset, long amountMinor, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("""
            WITH acct AS (INSERT INTO sandbox_accounts (network, address) VALUES ($1, $2) ON CONFLICT DO NOTHING)
            INSERT INTO sandbox_balances AS b (network, address, asset, amount_minor) VALUES ($1, $2, $3, $4)
            ON CONFLICT (network, address, asset) DO UPDATE SET amount_minor = b.amount_minor + EXCLUDED.amount_minor
            """);
        cmd.Parameters.AddWithValue(network.Wire());
        cmd.Parameters.AddWithValue(address);
        cmd.Parameters.AddWithValue(asset);
        cmd.Parameters.AddWithValue(amountMinor);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<SandboxTransaction> ApplyPaymentAsync(SandboxPayment p, CancellationToken cancellationToken)
    {
        var cmd = new NpgsqlBatchCommand("SELECT * FROM sandbox_apply_payment($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
        cmd.Parameters.AddWithValue(p.PaymentId);
        cmd.Parameters.AddWithValue(p.Hash);
        cmd.Parameters.AddWithValue(p.Network.Wire());
        cmd.Parameters.AddWithValue(p.FromAddress);
        cmd.Parameters.AddWithValue(p.ToAddress);
        cmd.Parameters.AddWithValue(p.Asset);
        cmd.Parameters.AddWithValue(p.AmountMinor);
        cmd.Parameters.AddWithValue(p.FeeAsset);
        cmd.Parameters.AddWithValue(p.FeeMinor);
        cmd.Parameters.AddWithValue(p.SubmittedAt.UtcDateTime);
        cmd.Parameters.AddWithValue(p.SettlesAt.UtcDateTime);
        cmd.Parameters.AddWithValue(p.FailsAtSettlement);
        var tx = await batcher.ExecuteAsync(cmd, async (reader, ct) => await reader.ReadAsync(ct) ? Read(reader) : null, cancellationToken);
        return tx ?? throw new InvalidOperationException($"sandbox_apply_payment returned no row for {p.PaymentId}.");
    }

    public async Task<SandboxTransaction?> GetTransactionAsync(string hash, CancellationToken cancellationToken)
    {
        var cmd = new NpgsqlBatchCommand("SELECT * FROM sandbox_transactions WHERE hash = $1");
        cmd.Parameters.AddWithValue(hash);
        return await batcher.ExecuteAsync(cmd, async (reader, ct) => await reader.ReadAsync(ct) ? Read(reader) : null, cancellationToken);
    }

    private static SandboxTransaction Read(NpgsqlDataReader r) => new(
        Hash: r.GetString(r.GetOrdinal("hash")),
        PaymentId: r.GetString(r.GetOrdinal("payment_id")),
        Network: r.GetString(r.GetOrdinal("network")) == "stellar" ? Network.Stellar : Network.Hedera,
        FromAddress: r.GetString(r.GetOrdinal("from_address")),
        ToAddress: r.GetString(r.GetOrdinal("to_address")),
        Asset: r.GetString(r.GetOrdinal("asset")),
        AmountMinor: r.GetInt64(r.GetOrdinal("amount_minor")),
        FeeMinor: r.GetInt64(r.GetOrdinal("fee_minor")),
        Succeeded: r.GetBoolean(r.GetOrdinal("succeeded")),
        FailureCode: r.IsDBNull(r.GetOrdinal("failure_code")) ? null : r.GetString(r.GetOrdinal("failure_code")),
        SubmittedAt: r.GetFieldValue<DateTimeOffset>(r.GetOrdinal("submitted_at")),
        SettlesAt: r.GetFieldValue<DateTimeOffset>(r.GetOrdinal("settles_at")));
}
