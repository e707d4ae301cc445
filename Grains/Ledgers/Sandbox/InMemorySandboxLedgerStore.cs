using Rowell.Abstractions.Common;

namespace Rowell.Grains.Ledgers.Sandbox;

/// <summary>Embedded-mode books: one lock around plain dictionaries. Not durable, by design of that mode.</summary>
public sealed class InMemorySandboxLedgerStore : ISandboxLedgerStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(Network, string, string), long> _balances = new();
    private readonly HashSet<(Network, string)> _accounts = new();
    private readonly Dictionary<string, SandboxTransaction> _byPaymentId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxTransaction> _byHash = new(StringComparer.Ordinal);
    private long _nextAccountNumber = SandboxLedger.FirstAccountNumber;

    public Task<long> NextAccountNumberAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Interlocked.Increment(ref _nextAccountNumber) - 1);

    public Task OpenAccountAsync(Network network, string address, IReadOnlyList<(string Asset, long AmountMinor)> startingBalances, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_accounts.Add((network, address)))
            {
                foreach (var (asset, amount) in startingBalances)
                {
                    _balances[(network, address, asset)] = amount;
                }
            }
        }
        return Task.CompletedTask;
    }

    public Task<bool> AccountExistsAsync(Network network, string address, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_accounts.Contains((network, address)));
        }
    }

    public Task<IReadOnlyList<(string Asset, long AmountMinor)>> GetBalancesAsync(Network network, string address, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<(string, long)> result = _balances
                .Where(kv => kv.Key.Item1 == network && kv.Key.Item2 == address)
                .Select(kv => (kv.Key.Item3, kv.Value))
                .OrderBy(b => b.Item1, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(result);
        }
    }

    public Task CreditAsync(Network network, string address, string asset, long amountMinor, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _accounts.Add((network, address));
            _balances[(network, address, asset)] = checked(_balances.GetValueOrDefault((network, address, asset)) + amountMinor);
        }
        return Task.CompletedTask;
    }

    public Task<SandboxTransaction> ApplyPaymentAsync(SandboxPayment p, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_byPaymentId.TryGetValue(p.PaymentId, out var existing))
            {
                return Task.FromResult(existing);
            }

            var fromAsset = (p.Network, p.FromAddress, p.Asset);
            var fromFee = (p.Network, p.FromAddress, p.FeeAsset);
            var available = _balances.GetValueOrDefault(fromAsset);
            var availableForFee = _balances.GetValueOrDefault(fromFee);
            var needAsset = p.Asset == p.FeeAsset ? p.AmountMinor + p.FeeMinor : p.AmountMinor;
            var funded = _accounts.Contains((p.Network, p.FromAddress)) && available >= needAsset && availableForFee >= p.FeeMinor;
            var ok = funded && !p.FailsAtSettlement;
            if (ok)
            {
                _balances[fromAsset] = available - p.AmountMinor;
                _balances[fromFee] = _balances[fromFee] - p.FeeMinor;
                var to = (p.Network, p.ToAddress, p.Asset);
                _accounts.Add((p.Network, p.ToAddress));
                _balances[to] = checked(_balances.GetValueOrDefault(to) + p.AmountMinor);
            }

            var tx = new SandboxTransaction(p.Hash, p.PaymentId, p.Network, p.FromAddress, p.ToAddress, p.Asset,
                p.AmountMinor, ok ? p.FeeMinor : 0, ok, ok ? null : funded ? SandboxLedger.SimulatedFailure : SandboxLedger.Underfunded, p.SubmittedAt, p.SettlesAt);
            _byPaymentId[p.PaymentId] = tx;
            _byHash[p.Hash] = tx;
            return Task.FromResult(tx);
        }
    }

    public Task<SandboxTransaction?> GetTransactionAsync(string hash, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_byHash.GetValueOrDefault(hash));
        }
    }
}
