using Npgsql;
using Rowell.Abstractions.Security;
using Rowell.Grains.Security;

namespace Rowell.Grains.Compliance.Documents;

/// <summary>
/// Identity document numbers as a sealed column. A verification row is written once and never changed by its
/// grain, so the re-seal updates the row directly, guarded by the blob it read (a concurrent change is retried by
/// the next run, never overwritten).
/// </summary>
public sealed class DocumentNumberColumn(NpgsqlDataSource db, DocumentVault vault) : ISealedColumn
{
    public string Name => "compliance.document_number";

    public async Task<IReadOnlyList<string>> ListAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id COLLATE "C" AS id FROM rowell_kyc_verifications
            WHERE id COLLATE "C" > $1 ORDER BY id LIMIT $2
            """);
        cmd.Parameters.AddWithValue(after ?? "");
        cmd.Parameters.AddWithValue(limit);
        var ids = new List<string>(limit);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    public async Task<ResealOutcome> ResealAsync(string id, CancellationToken cancellationToken)
    {
        await using var read = db.CreateCommand("SELECT record->>'SealedDocumentNumber' FROM rowell_kyc_verifications WHERE id = $1");
        read.Parameters.AddWithValue(id);
        if (await read.ExecuteScalarAsync(cancellationToken) is not string sealedBase64 || sealedBase64.Length == 0)
        {
            return ResealOutcome.Missing;
        }
        if (vault.Reseal(id, Convert.FromBase64String(sealedBase64)) is not { } resealed)
        {
            return ResealOutcome.AlreadyCurrent;
        }
        await using var write = db.CreateCommand("""
            UPDATE rowell_kyc_verifications
            SET record = jsonb_set(record::jsonb, '{SealedDocumentNumber}', to_jsonb($2::text))::json
            WHERE id = $1 AND record->>'SealedDocumentNumber' = $3
            """);
        write.Parameters.AddWithValue(id);
        write.Parameters.AddWithValue(Convert.ToBase64String(resealed));
        write.Parameters.AddWithValue(sealedBase64);
        return await write.ExecuteNonQueryAsync(cancellationToken) == 1 ? ResealOutcome.Resealed : ResealOutcome.AlreadyCurrent;
    }
}
