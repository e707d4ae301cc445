using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Rowell.Grains.Storage;

/// <summary>
/// Applies docker/postgres/*.sql (shipped beside the binaries under Schema/) in name order, in one
/// transaction under an advisory lock, so two silos starting together apply it one after the other.
/// <para>
/// A script whose name and SHA-256 are already recorded in <c>rowell_schema_scripts</c> is skipped: a
/// silo joining a busy cluster must not take DDL locks on hot tables. (Re-running an idempotent
/// <c>ALTER TABLE … IF NOT EXISTS</c> still takes an ACCESS EXCLUSIVE lock; taken table after table in
/// one transaction while the running silos write those tables, that deadlocked a scale-out.) A script
/// whose first line is <see cref="EveryStartMarker"/> runs at every start (a backfill that must see rows
/// written by older versions). Scripts stay idempotent, so an edited script simply runs again.
/// </para>
/// <para>
/// What does run waits at most <see cref="SchemaApplyOptions.LockTimeout"/> for a table lock (a waiting
/// DDL lock would queue every reader of that table behind it), and a deadlock, a lock timeout or a
/// serialization failure rolls the whole attempt back and retries after a backoff.
/// </para>
/// </summary>
public static class PostgresSchema
{
    private const long LockKey = 0x526F77656C6C; // "Rowell"

    /// <summary>The first line of a script that runs at every start-up rather than once.</summary>
    public const string EveryStartMarker = "-- schema: every start-up";

    // 40P01 deadlock_detected, 40001 serialization_failure, 55P03 lock_not_available (lock_timeout).
    private static readonly HashSet<string> Retryable = ["40P01", "40001", "55P03"];

    private const string LedgerDdl = """
        CREATE TABLE IF NOT EXISTS rowell_schema_scripts (
            name       text        PRIMARY KEY,
            sha256     text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Schema");

    public static IReadOnlyList<string> Scripts() =>
        System.IO.Directory.GetFiles(Directory, "*.sql").Order(StringComparer.Ordinal).ToList();

    public static Task ApplyAsync(string connectionString, CancellationToken cancellationToken = default) =>
        ApplyAsync(connectionString, SchemaApplyOptions.Default, NullLogger.Instance, cancellationToken);

    /// <returns>The names of the scripts that ran (recorded ones that were skipped are not listed).</returns>
    public static async Task<IReadOnlyList<string>> ApplyAsync(string connectionString, SchemaApplyOptions options,
        ILogger logger, CancellationToken cancellationToken = default)
    {
        var scripts = await LoadAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyOnceAsync(connectionString, scripts, options, cancellationToken);
            }
            catch (Exception e) when (RetryableState(e) is { } state && attempt < options.MaxAttempts)
            {
                var delay = options.Backoff(attempt);
                logger.LogWarning("Schema apply attempt {Attempt} hit SQLSTATE {SqlState} ({Message}); retrying in {DelayMs} ms",
                    attempt, state, e.InnerException?.Message ?? e.Message, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    private static async Task<IReadOnlyList<Script>> LoadAsync(CancellationToken cancellationToken)
    {
        var paths = Scripts();
        if (paths.Count == 0)
        {
            throw new InvalidOperationException($"No schema scripts found in {Directory}.");
        }
        var scripts = new List<Script>(paths.Count);
        foreach (var path in paths)
        {
            var text = await File.ReadAllTextAsync(path, cancellationToken);
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            scripts.Add(new Script(Path.GetFileName(path), text, hash, text.StartsWith(EveryStartMarker, StringComparison.Ordinal)));
        }
        return scripts;
    }

    private static async Task<IReadOnlyList<string>> ApplyOnceAsync(string connectionString, IReadOnlyList<Script> scripts,
        SchemaApplyOptions options, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        // The advisory lock is taken before lock_timeout is set: a silo starting beside another waits for it
        // to finish rather than failing over and over.
        await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken);
        await ExecuteAsync(connection, tx, $"SET LOCAL lock_timeout = {(int)options.LockTimeout.TotalMilliseconds}", cancellationToken);
        await ExecuteAsync(connection, tx, LedgerDdl, cancellationToken);

        var recorded = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var read = new NpgsqlCommand("SELECT name, sha256 FROM rowell_schema_scripts", connection, tx))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                recorded[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var ran = new List<string>();
        foreach (var script in scripts)
        {
            if (!script.EveryStart && recorded.TryGetValue(script.Name, out var hash) && hash == script.Sha256)
            {
                continue;
            }
            try
            {
                await ExecuteAsync(connection, tx, script.Text, cancellationToken);
            }
            catch (PostgresException e)
            {
                throw new InvalidOperationException($"Schema script {script.Name} failed: {e.MessageText}", e);
            }
            if (!script.EveryStart)
            {
                await using var record = new NpgsqlCommand("""
                    INSERT INTO rowell_schema_scripts (name, sha256) VALUES ($1, $2)
                    ON CONFLICT (name) DO UPDATE SET sha256 = EXCLUDED.sha256, applied_at = now()
                    """, connection, tx);
                record.Parameters.Add(new NpgsqlParameter { Value = script.Name });
                record.Parameters.Add(new NpgsqlParameter { Value = script.Sha256 });
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            ran.Add(script.Name);
        }
        await tx.CommitAsync(cancellationToken);
        return ran;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string? RetryableState(Exception e) =>
        (e as PostgresException ?? e.InnerException as PostgresException) is { } pg && Retryable.Contains(pg.SqlState) ? pg.SqlState : null;

    private sealed record Script(string Name, string Text, string Sha256, bool EveryStart);
}

/// <summary>How long a schema apply waits for a table lock and how often it tries again.</summary>
public sealed record SchemaApplyOptions(TimeSpan LockTimeout, int MaxAttempts)
{
    public static SchemaApplyOptions Default { get; } = new(TimeSpan.FromSeconds(5), 10);

    /// <summary>250 ms doubling to at most 8 s, with jitter so two silos that collided do not collide again.</summary>
    public TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(8_000, 250 * (1 << Math.Min(attempt - 1, 5))) * (0.75 + Random.Shared.NextDouble() / 2));
}
