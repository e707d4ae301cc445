using System.Collections.Concurrent;
using Npgsql;
using Rowell.Abstractions.Common;

namespace Rowell.Grains.Ledgers.Submissions;

/// <summary>
/// The signed transaction Rowell made for one payment id, and what became of it. <see cref="Hash"/> is the
/// Stellar transaction hash (hex) or the Hedera transaction id (0.0.payer@seconds.nanos); <see cref="SignedTx"/>
/// is the base64 of the exact bytes sent (Stellar envelope XDR / Hedera Transaction protobuf).
/// </summary>
public sealed record StoredSubmission(
    Network Network,
    string PaymentId,
    LedgerEnvironment Environment,
    string Hash,
    string SignedTx,
    LedgerTxStatus Status,
    string? FailureCode,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? SettledAt)
{
    public LedgerSubmission ToSubmission() => new(Hash, Status, FailureCode, SubmittedAt, SettledAt);
}

/// <summary>Where the real ledgers keep what they signed. In memory when embedded, Postgres in a cluster.</summary>
public interface ILedgerSubmissionStore
{
    Task<StoredSubmission?> GetAsync(Network network, string paymentId, CancellationToken cancellationToken);

    Task<StoredSubmission?> GetByHashAsync(Network network, string hash, CancellationToken cancellationToken);

    /// <summary>
    /// With <paramref name="replacesHash"/> null: stores the row unless one exists for the payment id.
    /// Otherwise replaces the row only while its hash is still <paramref name="replacesHash"/>.
    /// Returns the row stored afterwards — the caller must use THAT one (another caller may have won).
    /// </summary>
    Task<StoredSubmission> PutAsync(StoredSubmission submission, string? replacesHash, CancellationToken cancellationToken);
}

public sealed class InMemoryLedgerSubmissionStore : ILedgerSubmissionStore
{
    private readonly ConcurrentDictionary<(Network, string), StoredSubmission> _rows = new();

    public Task<StoredSubmission?> GetAsync(Network network, string paymentId, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.TryGetValue((network, paymentId), out var row) ? row : null);

    public Task<StoredSubmission?> GetByHashAsync(Network network, string hash, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.Values.FirstOrDefault(r => r.Network == network && r.Hash == hash));

    public Task<StoredSubmission> PutAsync(StoredSubmission submission, string? replacesHash, CancellationToken cancellationToken)
    {
        var key = (submission.Network, submission.PaymentId);
        if (replacesHash is null)
        {
            return Task.FromResult(_rows.GetOrAdd(key, submission));
        }
        while (_rows.TryGetValue(key, out var current))
        {
            if (current.Hash != replacesHash)
            {
                return Task.FromResult(current);
            }
            if (_rows.TryUpdate(key, submission, current))
            {
                return Task.FromResult(submission);
            }
        }
        return Task.FromResult(_rows.GetOrAdd(key, submission));
    }
}

/// <summary>Cluster mode: docker/postgres/030-rowell-ledger-submissions.sql.</summary>
public sealed class PostgresLedgerSubmissionStore(NpgsqlDataSource db) : ILedgerSubmissionStore
{
    private const string Columns = "network, payment_id, environment, hash, signed_tx, status, failure_code, submitted_at, settled_at";

    public async Task<StoredSubmission?> GetAsync(Network network, string paymentId, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand($"SELECT {Columns} FROM ledger_submissions WHERE network = $1 AND payment_id = $2");
        cmd.Parameters.AddWithValue(network.Wire());
        cmd.Parameters.AddWithValue(paymentId);
        return await ReadOneAsync(cmd, cancellationToken);
    }

    public async Task<StoredSubmission?> GetByHashAsync(Network network, string hash, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand($"SELECT {Columns} FROM ledger_submissions WHERE network = $1 AND hash = $2 LIMIT 1");
        cmd.Parameters.AddWithValue(network.Wire());
        cmd.Parameters.AddWithValue(hash);
        return await ReadOneAsync(cmd, cancellationToken);
    }

    public async Task<StoredSubmission> PutAsync(StoredSubmission s, string? replacesHash, CancellationToken cancellationToken)
    {
        // Insert-if-absent, or compare-and-swap on the hash; then read back whatever is stored.
        var write = replacesHash is null
            ? """
              INSERT INTO ledger_submissions (network, payment_id, environment, hash, signed_tx, status, failure_code, submitted_at, settled_at)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (network, payment_id) DO NOTHING
              """
            : """
              UPDATE ledger_submissions SET environment = $3, hash = $4, signed_tx = $5, status = $6, failure_code = $7,
                     submitted_at = $8, settled_at = $9
              WHERE network = $1 AND payment_id = $2 AND hash = $10
              """;
        await using (var cmd = db.CreateCommand(write))
        {
            cmd.Parameters.AddWithValue(s.Network.Wire());
            cmd.Parameters.AddWithValue(s.PaymentId);
            cmd.Parameters.AddWithValue(s.Environment.Wire());
            cmd.Parameters.AddWithValue(s.Hash);
            cmd.Parameters.AddWithValue(s.SignedTx);
            cmd.Parameters.AddWithValue((short)s.Status);
            cmd.Parameters.AddWithValue((object?)s.FailureCode ?? DBNull.Value);
            cmd.Parameters.AddWithValue(s.SubmittedAt);
            cmd.Parameters.AddWithValue((object?)s.SettledAt ?? DBNull.Value);
            if (replacesHash is not null)
            {
                cmd.Parameters.AddWithValue(replacesHash);
            }
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        return await GetAsync(s.Network, s.PaymentId, cancellationToken)
            ?? throw new InvalidOperationException($"Submission {s.PaymentId} vanished while being stored.");
    }

    private static async Task<StoredSubmission?> ReadOneAsync(NpgsqlCommand cmd, CancellationToken cancellationToken)
    {
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken))
        {
            return null;
        }
        EnumNames.TryParse<Network>(r.GetString(0), out var network);
        EnumNames.TryParse<LedgerEnvironment>(r.GetString(2), out var environment);
        return new StoredSubmission(network, r.GetString(1), environment, r.GetString(3), r.GetString(4),
            (LedgerTxStatus)r.GetInt16(5), r.IsDBNull(6) ? null : r.GetString(6),
            r.GetFieldValue<DateTimeOffset>(7), r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8));
    }
}
