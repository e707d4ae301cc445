using System.Collections.Concurrent;
using Npgsql;
using Rowell.Abstractions.Common;

namespace Rowell.Grains.LedgerSync;

/// <summary>Where each network's inbound sync has read up to (Horizon paging_token / mirror consensus timestamp).</summary>
public interface ISyncCursorStore
{
    Task<string?> GetAsync(Network network, LedgerEnvironment environment, CancellationToken cancellationToken);

    Task SetAsync(Network network, LedgerEnvironment environment, string cursor, CancellationToken cancellationToken);
}

public sealed class InMemorySyncCursorStore : ISyncCursorStore
{
    private readonly ConcurrentDictionary<(Network, LedgerEnvironment), string> _cursors = new();

    public Task<string?> GetAsync(Network network, LedgerEnvironment environment, CancellationToken cancellationToken) =>
        Task.FromResult(_cursors.TryGetValue((network, environment), out var c) ? c : null);

    public Task SetAsync(Network network, LedgerEnvironment environment, string cursor, CancellationToken cancellationToken)
    {
        _cursors[(network, environment)] = cursor;
        return Task.CompletedTask;
    }
}

/// <summary>Cluster mode: rowell_ledger_sync_cursors (docker/postgres/070-rowell-deposits.sql).</summary>
public sealed class PostgresSyncCursorStore(NpgsqlDataSource db) : ISyncCursorStore
{
    public async Task<string?> GetAsync(Network network, LedgerEnvironment environment, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("SELECT cursor FROM rowell_ledger_sync_cursors WHERE network = $1 AND environment = $2");
        cmd.Parameters.AddWithValue(network.Wire());
        cmd.Parameters.AddWithValue(environment.Wire());
        return await cmd.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task SetAsync(Network network, LedgerEnvironment environment, string cursor, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO rowell_ledger_sync_cursors (network, environment, cursor, updated_at) VALUES ($1, $2, $3, now())
            ON CONFLICT (network, environment) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()
            """);
        cmd.Parameters.AddWithValue(network.Wire());
        cmd.Parameters.AddWithValue(environment.Wire());
        cmd.Parameters.AddWithValue(cursor);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
