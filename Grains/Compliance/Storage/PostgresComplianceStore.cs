using System.Text;
using System.Text.Json;
using Npgsql;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Compliance;
using Rowell.Grains.Events;
using Rowell.Grains.Storage;

namespace Rowell.Grains.Compliance.Storage;

/// <summary>Verifications and flags in Postgres (docker/postgres/060-rowell-compliance.sql), each write with its events in one transaction.</summary>
public sealed class PostgresComplianceStore(NpgsqlDataSource db) : IComplianceStore
{
    public async Task<VerificationRecord?> GetVerificationAsync(string id, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("SELECT record::text FROM rowell_kyc_verifications WHERE id = $1");
        cmd.Parameters.AddWithValue(id);
        return await cmd.ExecuteScalarAsync(cancellationToken) is string json ? JsonSerializer.Deserialize<VerificationRecord>(json) : null;
    }

    public async Task<VerificationRecord?> LatestIdentityAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("""
            SELECT record::text FROM rowell_kyc_verifications
            WHERE account_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1
            """);
        cmd.Parameters.AddWithValue(accountId);
        return await cmd.ExecuteScalarAsync(cancellationToken) is string json ? JsonSerializer.Deserialize<VerificationRecord>(json) : null;
    }

    public async Task<bool> InsertVerificationAsync(VerificationRecord record, FlagState? flag, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var v = record.View;
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO rowell_kyc_verifications (id, developer_id, environment, account_id, status, risk_level, document_type, document_country, created_at, record)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::json) ON CONFLICT (id) DO NOTHING
            """, connection, tx))
        {
            insert.Parameters.AddWithValue(v.Id);
            insert.Parameters.AddWithValue(v.DeveloperId);
            insert.Parameters.AddWithValue(v.Environment.Wire());
            insert.Parameters.AddWithValue(v.AccountId);
            insert.Parameters.AddWithValue(v.Status);
            insert.Parameters.AddWithValue(v.RiskLevel);
            insert.Parameters.AddWithValue(v.DocumentType);
            insert.Parameters.AddWithValue(v.DocumentCountry);
            insert.Parameters.AddWithValue(v.CreatedAt.UtcDateTime);
            insert.Parameters.AddWithValue(JsonSerializer.Serialize(record));
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await tx.RollbackAsync(cancellationToken);
                return false;
            }
        }
        if (flag is not null && await WriteFlagAsync(connection, tx, flag, 0, cancellationToken) is null)
        {
            await tx.RollbackAsync(cancellationToken);
            return false;
        }
        await InsertEventsAsync(connection, tx, events, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public Task<Page<VerificationView>> ListVerificationsAsync(string developerId, VerificationFilter filter, PageRequest page, CancellationToken cancellationToken) =>
        PostgresPaging.QueryAsync(db, "rowell_kyc_verifications", "record::text", developerId,
        [
            ("environment = @", filter.Environment?.Wire()),
            ("account_id = @", filter.AccountId),
            ("status = @", filter.Status),
            ("document_type = @", filter.DocumentType),
            ("risk_level = @", filter.RiskLevel),
        ],
        page, json => JsonSerializer.Deserialize<VerificationRecord>(json)!.View, v => v.Id, cancellationToken);

    public async Task<(FlagState State, long Version)?> GetFlagAsync(string id, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("SELECT state::text, version FROM rowell_compliance_flags WHERE id = $1");
        cmd.Parameters.AddWithValue(id);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (JsonSerializer.Deserialize<FlagState>(reader.GetString(0))!, reader.GetInt64(1))
            : null;
    }

    public async Task<long> SaveFlagAsync(FlagState state, long expectedVersion, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var version = await WriteFlagAsync(connection, tx, state, expectedVersion, cancellationToken);
        if (version is null)
        {
            await tx.RollbackAsync(cancellationToken);
            throw new FlagVersionConflictException(state.View.Id);
        }
        await InsertEventsAsync(connection, tx, events, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return version.Value;
    }

    private static async Task<long?> WriteFlagAsync(NpgsqlConnection connection, NpgsqlTransaction tx, FlagState state, long expectedVersion, CancellationToken cancellationToken)
    {
        var f = state.View;
        var sql = expectedVersion == 0
            ? """
              INSERT INTO rowell_compliance_flags (id, developer_id, environment, entity_type, entity_id, status, severity, reason_code, risk_score, created_at, updated_at, state, version)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::json, $13 + 1) ON CONFLICT (id) DO NOTHING RETURNING version
              """
            : """
              UPDATE rowell_compliance_flags SET status = $6, severity = $7, risk_score = $9, updated_at = $11, state = $12::json, version = $13 + 1
              WHERE id = $1 AND version = $13 RETURNING version
              """;
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        var p = cmd.Parameters;
        p.AddWithValue(f.Id);
        p.AddWithValue(f.DeveloperId);
        p.AddWithValue(f.Environment.Wire());
        p.AddWithValue(f.EntityType);
        p.AddWithValue(f.EntityId);
        p.AddWithValue(f.Status);
        p.AddWithValue(f.Severity);
        p.AddWithValue(f.ReasonCode);
        p.AddWithValue(f.RiskScore);
        p.AddWithValue(f.CreatedAt.UtcDateTime);
        p.AddWithValue(f.UpdatedAt.UtcDateTime);
        p.AddWithValue(JsonSerializer.Serialize(state));
        p.AddWithValue(expectedVersion);
        return await cmd.ExecuteScalarAsync(cancellationToken) is long version ? version : null;
    }

    /// <summary>The event-log insert every producer uses (docker/postgres/040): mode, per-aggregate sequence, payload = the resource.</summary>
    private static async Task InsertEventsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO rowell_events (id, developer_id, mode, aggregate_id, aggregate_seq, type, payload, created_at)
            SELECT x.id, x.developer_id, x.mode, x.aggregate_id, x.seq, x.type, x.payload::json, x.at
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::timestamptz[])
                AS x(id, developer_id, mode, aggregate_id, seq, type, payload, at)
            """, connection, tx);
        cmd.Parameters.AddWithValue(events.Select(e => e.Id).ToArray());
        cmd.Parameters.AddWithValue(events.Select(e => e.DeveloperId).ToArray());
        cmd.Parameters.AddWithValue(events.Select(e => e.Mode).ToArray());
        cmd.Parameters.AddWithValue(events.Select(e => e.AggregateId).ToArray());
        cmd.Parameters.AddWithValue(events.Select(e => e.AggregateSeq).ToArray());
        cmd.Parameters.AddWithValue(events.Select(e => e.Type).ToArray());
        cmd.Parameters.AddWithValue(events.Select(e => e.PayloadJson).ToArray());
        cmd.Parameters.AddWithValue(events.Select(e => e.At.UtcDateTime).ToArray());
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Page<FlagView>> ListFlagsAsync(string developerId, FlagFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        // (columns, direction) of each order; the cursor comparison is a row comparison over the same columns.
        var (columns, descending) = filter.Sort switch
        {
            "created_at" => ("created_at, id", false),
            "-risk_score" => ("risk_score, created_at, id", true),
            _ => ("created_at, id", true),
        };
        var sql = new StringBuilder("SELECT state::text FROM rowell_compliance_flags WHERE developer_id = $1");
        var args = new List<object> { developerId };
        void And(string condition, object? value)
        {
            if (value is null)
            {
                return;
            }
            args.Add(value);
            sql.Append(" AND ").Append(condition.Replace("@", "$" + args.Count));
        }
        And("environment = @", filter.Environment?.Wire());
        And("status = @", filter.Status);
        And("severity = @", filter.Severity);
        And("entity_type = @", filter.EntityType);
        And("entity_id = @", filter.EntityId);
        And("reason_code = @", filter.ReasonCode);
        var cursor = page.StartingAfter ?? page.EndingBefore;
        var backwards = page.EndingBefore is not null;
        if (cursor is not null)
        {
            await using var own = db.CreateCommand("SELECT EXISTS (SELECT 1 FROM rowell_compliance_flags WHERE id = $1 AND developer_id = $2)");
            own.Parameters.AddWithValue(cursor);
            own.Parameters.AddWithValue(developerId);
            if (!(bool)(await own.ExecuteScalarAsync(cancellationToken))!)
            {
                throw RowellException.Validation(backwards ? "ending_before" : "starting_after", "The cursor does not name one of your objects.");
            }
            args.Add(cursor);
            // Forward in a descending order means "smaller"; backwards flips it.
            var op = descending != backwards ? "<" : ">";
            sql.Append($" AND ({columns}) {op} (SELECT {columns} FROM rowell_compliance_flags WHERE id = ${args.Count})");
        }
        var direction = descending != backwards ? "DESC" : "ASC";
        sql.Append(" ORDER BY ").Append(string.Join(", ", columns.Split(", ").Select(c => $"{c} {direction}")));
        args.Add(page.Limit + 1);
        sql.Append($" LIMIT ${args.Count}");
        await using var cmd = db.CreateCommand(sql.ToString());
        foreach (var arg in args)
        {
            cmd.Parameters.AddWithValue(arg);
        }
        var rows = new List<FlagView>();
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(JsonSerializer.Deserialize<FlagState>(reader.GetString(0))!.View);
            }
        }
        var hasMore = rows.Count > page.Limit;
        var items = rows.Take(page.Limit).ToList();
        if (backwards)
        {
            items.Reverse();
            return new Page<FlagView>(items, hasMore, hasMore ? items[0].Id : null);
        }
        return new Page<FlagView>(items, hasMore, hasMore ? items[^1].Id : null);
    }

    public async Task<IReadOnlyList<FlagView>> FlagsCreatedAsync(string developerId, LedgerEnvironment environment, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken) =>
        await BetweenAsync("rowell_compliance_flags", "state", developerId, environment, from, to, json => JsonSerializer.Deserialize<FlagState>(json)!.View, cancellationToken);

    public async Task<IReadOnlyList<VerificationView>> VerificationsCreatedAsync(string developerId, LedgerEnvironment environment, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken) =>
        await BetweenAsync("rowell_kyc_verifications", "record", developerId, environment, from, to, json => JsonSerializer.Deserialize<VerificationRecord>(json)!.View, cancellationToken);

    private async Task<List<T>> BetweenAsync<T>(string table, string column, string developerId, LedgerEnvironment environment, DateTimeOffset? from, DateTimeOffset? to, Func<string, T> map, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT {column}::text FROM {table}
            WHERE developer_id = $1 AND environment = $2 AND created_at >= $3 AND created_at < $4
            """);
        cmd.Parameters.AddWithValue(developerId);
        cmd.Parameters.AddWithValue(environment.Wire());
        cmd.Parameters.AddWithValue((from ?? DateTimeOffset.UnixEpoch).UtcDateTime);
        cmd.Parameters.AddWithValue((to ?? DateTimeOffset.MaxValue.AddDays(-1)).UtcDateTime);
        var rows = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader.GetString(0)));
        }
        return rows;
    }
}
