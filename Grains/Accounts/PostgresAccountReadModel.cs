using System.Text;
using System.Text.Json;
using Npgsql;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;

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

    public async Task<Page<AccountView>> ListAsync(string developerId, AccountFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("SELECT view FROM rowell_accounts WHERE developer_id = $1");
        var args = new List<object> { developerId };
        void Where(string column, string? value)
        {
            if (value is not null)
            {
                args.Add(value);
                sql.Append($" AND {column} = ${args.Count}");
            }
        }
        Where("network", filter.Network?.Wire());
        Where("environment", filter.Environment?.Wire());
        Where("account_type", filter.AccountType?.Wire());
        Where("country_code", filter.CountryCode);
        Where("kyc_status", filter.KycStatus?.Wire());

        var cursor = page.StartingAfter ?? page.EndingBefore;
        var backwards = page.EndingBefore is not null;
        if (cursor is not null)
        {
            if (!await OwnsAsync(developerId, cursor, cancellationToken))
            {
                throw RowellException.Validation(backwards ? "ending_before" : "starting_after", "The cursor does not name one of your objects.");
            }
            args.Add(cursor);
            sql.Append($" AND (created_at, id) {(backwards ? ">" : "<")} (SELECT created_at, id FROM rowell_accounts WHERE id = ${args.Count})");
        }
        sql.Append(backwards ? " ORDER BY created_at ASC, id ASC" : " ORDER BY created_at DESC, id DESC");
        args.Add(page.Limit + 1);
        sql.Append($" LIMIT ${args.Count}");

        await using var cmd = db.CreateCommand(sql.ToString());
        foreach (var arg in args)
        {
            cmd.Parameters.AddWithValue(arg);
        }
        var rows = new List<AccountView>();
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(JsonSerializer.Deserialize<AccountView>(reader.GetString(0), Json)!);
            }
        }
        var hasMore = rows.Count > page.Limit;
        var items = rows.Take(page.Limit).ToList();
        if (backwards)
        {
            items.Reverse();
            return new Page<AccountView>(items, hasMore, hasMore ? items[0].Id : null);
        }
        return new Page<AccountView>(items, hasMore, hasMore ? items[^1].Id : null);
    }

    private async Task<bool> OwnsAsync(string developerId, string id, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("SELECT EXISTS (SELECT 1 FROM rowell_accounts WHERE id = $1 AND developer_id = $2)");
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(developerId);
        return (bool)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }
}
