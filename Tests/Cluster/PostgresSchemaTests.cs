using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;
using Rowell.Grains.Storage;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Cluster;

/// <summary>
/// A silo that starts beside a busy cluster applies the schema without taking locks on the tables the running
/// silos write, and what it must change waits its turn instead of deadlocking the start.
/// </summary>
public sealed class PostgresSchemaTests
{
    private const string Backfill = "071-rowell-wallet-directory-backfill.sql";

    [Fact]
    public async Task A_current_schema_starts_beside_open_transactions_on_the_hot_tables()
    {
        var db = await TestPostgres.CreateDatabaseAsync("schemabusy");
        await PostgresSchema.ApplyAsync(db);

        // Running silos hold row locks on these all the time; an exclusive lock is the strongest form of that.
        // Re-running "ALTER TABLE rowell_events ADD COLUMN IF NOT EXISTS …" would wait here for ever.
        await using var busy = new NpgsqlConnection(db);
        await busy.OpenAsync();
        await using var hold = await busy.BeginTransactionAsync();
        await using (var locks = new NpgsqlCommand(
            "LOCK TABLE rowell_events, rowell_transfers, OrleansMembershipTable, OrleansStorage, rowell_analytics_reconciled IN ACCESS EXCLUSIVE MODE",
            busy, hold))
        {
            await locks.ExecuteNonQueryAsync();
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ran = await PostgresSchema.ApplyAsync(db, SchemaApplyOptions.Default, new FakeLogger(), deadline.Token);

        Assert.Equal([Backfill], ran);
    }

    [Fact]
    public async Task A_pending_script_waits_out_a_busy_table_and_is_recorded()
    {
        var db = await TestPostgres.CreateDatabaseAsync("schemawait");
        var first = await PostgresSchema.ApplyAsync(db, SchemaApplyOptions.Default, new FakeLogger(), default);
        Assert.Equal(PostgresSchema.Scripts().Select(Path.GetFileName), first);
        // As if 040 were new in this release.
        await Execute(db, "DELETE FROM rowell_schema_scripts WHERE name = '040-rowell-events.sql'");

        await using var busy = new NpgsqlConnection(db);
        await busy.OpenAsync();
        var hold = await busy.BeginTransactionAsync();
        await using (var writer = new NpgsqlCommand("LOCK TABLE rowell_events IN ROW EXCLUSIVE MODE", busy, hold))
        {
            await writer.ExecuteNonQueryAsync();
        }

        var logger = new FakeLogger();
        var apply = PostgresSchema.ApplyAsync(db, new SchemaApplyOptions(TimeSpan.FromMilliseconds(200), 100), logger, default);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(apply.IsCompleted);
        await hold.CommitAsync();

        var ran = await apply.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(["040-rowell-events.sql", Backfill], ran);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("55P03"));
        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(db, "SELECT count(*) FROM rowell_schema_scripts WHERE name = '040-rowell-events.sql'"));
        // And nothing is left to do.
        Assert.Equal([Backfill], await PostgresSchema.ApplyAsync(db, SchemaApplyOptions.Default, logger, default));
    }

    [Fact]
    public async Task An_edited_script_runs_again_and_its_new_hash_is_kept()
    {
        var db = await TestPostgres.CreateDatabaseAsync("schemaedit");
        await PostgresSchema.ApplyAsync(db);
        var hash = await TestPostgres.ScalarAsync<string>(db, "SELECT sha256 FROM rowell_schema_scripts WHERE name = '010-rowell-accounts.sql'");
        await Execute(db, "UPDATE rowell_schema_scripts SET sha256 = 'older' WHERE name = '010-rowell-accounts.sql'");

        var ran = await PostgresSchema.ApplyAsync(db, SchemaApplyOptions.Default, new FakeLogger(), default);

        Assert.Equal(["010-rowell-accounts.sql", Backfill], ran);
        Assert.Equal(hash, await TestPostgres.ScalarAsync<string>(db, "SELECT sha256 FROM rowell_schema_scripts WHERE name = '010-rowell-accounts.sql'"));
        Assert.False(await TestPostgres.ScalarAsync<bool>(db, $"SELECT EXISTS (SELECT 1 FROM rowell_schema_scripts WHERE name = '{Backfill}')"));
    }

    private static async Task Execute(string db, string sql)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }
}
