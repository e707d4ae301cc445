using Npgsql;

namespace Rowell.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database on the private Postgres that scripts/test.sh starts. These tests must
/// run, never skip: without ROWELL_TEST_PG they fail and say how to run them.
/// </summary>
public static class TestPostgres
{
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("ROWELL_TEST_PG")
        ?? throw new InvalidOperationException("ROWELL_TEST_PG is not set: run the suite with scripts/test.sh, which starts a private Postgres.");

    public static async Task<string> CreateDatabaseAsync(string purpose)
    {
        var full = $"t_{purpose}_{Guid.NewGuid():N}".ToLowerInvariant();
        var name = full[..Math.Min(full.Length, 48)];
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await cmd.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
