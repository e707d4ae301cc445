using Npgsql;
using Rowell.Abstractions.Security;
using Rowell.Abstractions.Wallets;
using Rowell.Grains.Security;

namespace Rowell.Grains.Wallets;

/// <summary>
/// Wallet signing keys as a sealed column. Wallet ids come from the account read model (every account's view lists
/// its wallets); the re-seal itself goes through the wallet grain, so it is serialised with the wallet's payments.
/// </summary>
public sealed class WalletSigningKeyColumn(NpgsqlDataSource db, IGrainFactory grains) : ISealedColumn
{
    public string Name => "wallet.signing_key";

    public async Task<IReadOnlyList<string>> ListAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("""
            SELECT DISTINCT (w->>'Id') COLLATE "C" AS id
            FROM rowell_accounts a CROSS JOIN LATERAL jsonb_array_elements(a.view->'Wallets') w
            WHERE (w->>'Id') COLLATE "C" > $1
            ORDER BY id LIMIT $2
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

    public Task<ResealOutcome> ResealAsync(string id, CancellationToken cancellationToken) =>
        grains.GetGrain<IWalletGrain>(id).Reseal(cancellationToken);
}
