using System.Text.Json;
using Npgsql;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Grains.Storage;

namespace Rowell.Grains.Accounts;

/// <summary>The account list read model in Postgres (docker/postgres/010-rowell-accounts.sql).</summary>
public sealed class PostgresAccountReadModel(NpgsqlDataSource db) : IAccountReadModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public async Task UpsertAsync(AccountView view, long version, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO rowell_accounts AS a (id, developer_id, network, environment, account_type, country_code, kyc_status, created_at, view, version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)
            ON CONFLICT (id) DO UPDATE SET
                network = EXCLUDED.network, environment = EXCLUDED.environment, account_type = EXCLUDED.account_type,
                country_code = EXCLUDED.country_code, kyc_status = EXCLUDED.kyc_status, view = EXCLUDED.view, version = EXCLUDED.version
            WHERE a.version <= EXCLUDED.version
            """);
        cmd.Parameters.AddWithValue(view.Id);
        cmd.Parameters.AddWithValue(view.DeveloperId);
        cmd.Parameters.AddWithValue(view.Network.Wire());
        cmd.Parameters.AddWithValue(view.Environment.Wire());
        cmd.Parameters.AddWithValue(view.AccountType.Wire());
        cmd.Parameters.AddWithValue(view.CountryCode);
        cmd.Parameters.AddWithValue(view.KycStatus.Wire());
        cmd.Parameters.AddWithValue(view.CreatedAt.UtcDateTime);
        cmd.Parameters.AddWithValue(JsonSerializer.Serialize(view, Json));
        cmd.Parameters.AddWithValue(version);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("DELETE FROM rowell_accounts WHERE id = $1");
        cmd.Parameters.AddWithValue(accountId);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<Page<AccountView>> ListAsync(string developerId, AccountFilter filter, PageRequest page, CancellationToken cancellationToken) =>
        PostgresPaging.QueryAsync(db, "rowell_accounts", "view::text", developerId,
        [
            ("network = @", filter.Network?.Wire()),
            ("environment = @", filter.Environment?.Wire()),
            ("account_type = @", filter.AccountType?.Wire()),
            ("country_code = @", filter.CountryCode),
            ("kyc_status = @", filter.KycStatus?.Wire()),
        ],
        page, json => JsonSerializer.Deserialize<AccountView>(json, Json)!, a => a.Id, cancellationToken);
}
