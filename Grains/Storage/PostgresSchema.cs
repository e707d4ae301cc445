using Npgsql;

namespace Rowell.Grains.Storage;

/// <summary>
/// Applies docker/postgres/*.sql (shipped beside the binaries under Schema/) in name order, in one
/// transaction under an advisory lock: two silos starting together apply it one after the other,
/// and every script is idempotent, so the second run changes nothing.
/// </summary>
public static class PostgresSchema
{
    private const long LockKey = 0x526F77656C6C; // "Rowell"

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Schema");

    public static IReadOnlyList<string> Scripts() =>
        System.IO.Directory.GetFiles(Directory, "*.sql").Order(StringComparer.Ordinal).ToList();

    public static async Task ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var scripts = Scripts();
        if (scripts.Count == 0)
        {
            throw new InvalidOperationException($"No schema scripts found in {Directory}.");
        }
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCmd = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey})", connection, tx))
        {
            await lockCmd.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var script in scripts)
        {
            await using var cmd = new NpgsqlCommand(await File.ReadAllTextAsync(script, cancellationToken), connection, tx);
            try
            {
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e)
            {
                throw new InvalidOperationException($"Schema script {Path.GetFileName(script)} failed: {e.MessageText}", e);
            }
        }
        await tx.CommitAsync(cancellationToken);
    }
}
