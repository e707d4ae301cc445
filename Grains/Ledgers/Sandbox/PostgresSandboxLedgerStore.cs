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
        if (amountMinor < 0)
        {
            throw SandboxBooks.BalanceOverflow();
        }
        try
        {
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (Storage.PostgresErrors.IsPermanent(e))
        {
            // bigint out of range: the statement rolled back whole; refuse the credit, never retry it.
            throw SandboxBooks.BalanceOverflow();
        }
    }

    public async Task<SandboxTransaction> ApplyPaymentAsync(SandboxPayment p, CancellationToken cancellationToken)
    {
        var cmd = new NpgsqlBatchCommand(ApplyPaymentSql);
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
        SandboxTransaction? tx;
        try
        {
            tx = await batcher.ExecuteAsync(cmd, async (reader, ct) => await reader.ReadAsync(ct) ? Read(reader) : null, cancellationToken);
        }
        catch (PostgresException e) when (Storage.PostgresErrors.IsPermanent(e))
        {
            // The statement decides in numeric and cannot overflow; should any data error still come back, it
            // is the same on every retry: refuse the payment for good instead of retrying it forever.
            throw new RowellException(ErrorCodes.ValidationError, $"The sandbox ledger refused the payment ({e.SqlState}: {e.MessageText}).", "amount");
        }
        return tx ?? throw new InvalidOperationException($"the payment statement returned no row for {p.PaymentId}.");
    }

    /// <summary>
    /// One payment as one statement ($1 payment id, $2 hash, $3 network, $4 from, $5 to, $6 asset, $7 amount,
    /// $8 fee asset, $9 fee, $10 submitted, $11 settles, $12 fails at settlement): the debit, the fee, the
    /// credit and the transaction row commit together or not at all. Fees are burnt, as on Stellar, so the
    /// books balance as sum(balances) + sum(fees) = what was opened and funded.
    /// <list type="bullet">
    /// <item><c>locked</c> takes the row locks on every balance involved in one order for all payments (no
    /// deadlocks) and reads the payer's; the decision follows from it.</item>
    /// <item>A payment id already on the books returns its first record (<c>prior</c>) and moves nothing.
    /// Two submissions of one id in flight at once cannot both pay: the second waits on the balance locks and
    /// then fails on payment_id's unique index, rolling back its own debit; its retry finds the first.</item>
    /// <item>The decision is taken in numeric, so no amount can overflow bigint here: amount + fee above the
    /// payer's balance is underfunded, a payee balance that would pass int64 is op_line_full (nothing moves).</item>
    /// <item>The transaction row is written once, final: its outcome is decided now even if it "settles" later.</item>
    /// </list>
    /// </summary>
    private const string ApplyPaymentSql = """
        WITH prior AS (
            SELECT * FROM sandbox_transactions WHERE payment_id = $1
        ),
        locked AS MATERIALIZED (
            SELECT address, asset, amount_minor FROM sandbox_balances
             WHERE network = $3 AND ((address = $4 AND asset IN ($6, $8)) OR (address = $5 AND asset = $6))
             ORDER BY address, asset
             FOR UPDATE
        ),
        decision AS (
            SELECT NOT EXISTS (SELECT 1 FROM prior) AS fresh,
                   ($4 = $5 OR $7 <= 0 OR $9 < 0) AS malformed,
                   coalesce((SELECT amount_minor FROM locked WHERE address = $4 AND asset = $6), 0)::numeric
                       >= $7::numeric + CASE WHEN $6 = $8 THEN $9 ELSE 0 END
                   AND coalesce((SELECT amount_minor FROM locked WHERE address = $4 AND asset = $8), 0) >= $9 AS funded,
                   coalesce((SELECT amount_minor FROM locked WHERE address = $5 AND asset = $6), 0)::numeric + $7
                       <= 9223372036854775807 AS fits
        ),
        d AS (
            SELECT fresh, malformed, funded, fits, NOT malformed AND funded AND fits AND NOT $12 AS ok FROM decision
        ),
        debit AS (
            UPDATE sandbox_balances b
               SET amount_minor = b.amount_minor - CASE WHEN b.asset = $6 THEN $7 ELSE 0 END - CASE WHEN b.asset = $8 THEN $9 ELSE 0 END
              FROM d
             WHERE d.fresh AND d.ok AND b.network = $3 AND b.address = $4 AND b.asset IN ($6, $8)
        ),
        opened AS (
            INSERT INTO sandbox_accounts (network, address)
            SELECT $3, $5 FROM d WHERE d.fresh AND d.ok
            ON CONFLICT DO NOTHING
        ),
        credit AS (
            INSERT INTO sandbox_balances AS b (network, address, asset, amount_minor)
            SELECT $3, $5, $6, $7 FROM d WHERE d.fresh AND d.ok
            ON CONFLICT (network, address, asset) DO UPDATE SET amount_minor = b.amount_minor + EXCLUDED.amount_minor
        ),
        tx AS (
            INSERT INTO sandbox_transactions (hash, payment_id, network, from_address, to_address, asset,
                                              amount_minor, fee_minor, succeeded, failure_code, submitted_at, settles_at)
            SELECT $2, $1, $3, $4, $5, $6, $7, CASE WHEN d.ok THEN $9 ELSE 0 END, d.ok,
                   CASE WHEN d.ok THEN NULL WHEN d.malformed THEN 'op_malformed' WHEN NOT d.funded THEN 'op_underfunded'
                        WHEN NOT d.fits THEN 'op_line_full' ELSE 'tx_failed' END, $10, $11
              FROM d WHERE d.fresh
            RETURNING *
        )
        SELECT * FROM tx
        UNION ALL
        SELECT * FROM prior
        """;

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
