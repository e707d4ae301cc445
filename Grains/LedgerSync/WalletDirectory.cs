using System.Collections.Concurrent;
using Npgsql;
using Rowell.Abstractions.Common;

namespace Rowell.Grains.LedgerSync;

/// <summary>One wallet address we hold, and whose it is.</summary>
public sealed record WalletAddress(Network Network, string Address, string WalletId, string AccountId, string DeveloperId, LedgerEnvironment Environment);

/// <summary>
/// Our wallet addresses, for the inbound sync: it looks up a whole page of network-wide payments at once,
/// so its cost follows the network's traffic, not how many (idle) wallets we hold.
/// </summary>
public interface IWalletDirectory
{
    /// <summary>Idempotent: the wallet grain calls it whenever it (re)confirms its address.</summary>
    Task RegisterAsync(WalletAddress wallet, CancellationToken cancellationToken);

    /// <summary>Those of <paramref name="addresses"/> that are ours, keyed by address.</summary>
    Task<IReadOnlyDictionary<string, WalletAddress>> FindAsync(Network network, IReadOnlyCollection<string> addresses, CancellationToken cancellationToken);

    /// <summary>Removes a wallet's address (sandbox reset).</summary>
    Task RemoveAsync(Network network, string address, CancellationToken cancellationToken);
}

public sealed class InMemoryWalletDirectory : IWalletDirectory
{
    private readonly ConcurrentDictionary<(Network, string), WalletAddress> _byAddress = new();

    public int Count => _byAddress.Count;

    public Task RegisterAsync(WalletAddress wallet, CancellationToken cancellationToken)
    {
        _byAddress[(wallet.Network, wallet.Address)] = wallet;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, WalletAddress>> FindAsync(Network network, IReadOnlyCollection<string> addresses, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, WalletAddress>(StringComparer.Ordinal);
        foreach (var address in addresses)
        {
            if (_byAddress.TryGetValue((network, address), out var wallet))
            {
                found[address] = wallet;
            }
        }
        return Task.FromResult<IReadOnlyDictionary<string, WalletAddress>>(found);
    }

    public Task RemoveAsync(Network network, string address, CancellationToken cancellationToken)
    {
        _byAddress.TryRemove((network, address), out _);
        return Task.CompletedTask;
    }
}

/// <summary>Cluster mode: rowell_wallet_addresses (docker/postgres/070-rowell-deposits.sql).</summary>
public sealed class PostgresWalletDirectory(NpgsqlDataSource db) : IWalletDirectory
{
    public async Task RegisterAsync(WalletAddress w, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO rowell_wallet_addresses (network, address, wallet_id, account_id, developer_id, environment)
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (network, address) DO NOTHING
            """);
        cmd.Parameters.AddWithValue(w.Network.Wire());
        cmd.Parameters.AddWithValue(w.Address);
        cmd.Parameters.AddWithValue(w.WalletId);
        cmd.Parameters.AddWithValue(w.AccountId);
        cmd.Parameters.AddWithValue(w.DeveloperId);
        cmd.Parameters.AddWithValue(w.Environment.Wire());
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, WalletAddress>> FindAsync(Network network, IReadOnlyCollection<string> addresses, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, WalletAddress>(StringComparer.Ordinal);
        if (addresses.Count == 0)
        {
            return found;
        }
        await using var cmd = db.CreateCommand(
            "SELECT address, wallet_id, account_id, developer_id, environment FROM rowell_wallet_addresses WHERE network = $1 AND address = ANY($2)");
        cmd.Parameters.AddWithValue(network.Wire());
        cmd.Parameters.AddWithValue(addresses.ToArray());
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            EnumNames.TryParse<LedgerEnvironment>(r.GetString(4), out var environment);
            found[r.GetString(0)] = new WalletAddress(network, r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), environment);
        }
        return found;
    }

    public async Task RemoveAsync(Network network, string address, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("DELETE FROM rowell_wallet_addresses WHERE network = $1 AND address = $2");
        cmd.Parameters.AddWithValue(network.Wire());
        cmd.Parameters.AddWithValue(address);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
