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

    // The journal, kept apart from the balances so an audit can check one against the other:
    // sum(balances) = opened + credited - fees burnt, per (network, asset). Decimal: totals over many accounts pass int64.
    private readonly Dictionary<(Network, string), (decimal Opened, decimal Credited, decimal Burnt)> _journal = new();

    /// <summary>One asset's books: what the balances sum to, and what the journal says they must.</summary>
    public sealed record AssetBooks(Network Network, string Asset, decimal Balances, decimal Opened, decimal Credited, decimal Burnt, long Lowest);

    /// <summary>A consistent snapshot of the books per (network, asset), for audits (decimal sums: no overflow).</summary>
    public IReadOnlyList<AssetBooks> Audit()
    {
        lock (_gate)
        {
            var keys = _balances.Keys.Select(k => (k.Item1, k.Item3)).Concat(_journal.Keys).Distinct();
            return keys.Select(k =>
            {
                var mine = _balances.Where(b => b.Key.Item1 == k.Item1 && b.Key.Item3 == k.Item2).Select(b => b.Value).ToList();
                var j = _journal.GetValueOrDefault(k);
                return new AssetBooks(k.Item1, k.Item2, mine.Sum(v => (decimal)v), j.Opened, j.Credited, j.Burnt, mine.Count == 0 ? 0 : mine.Min());
            }).OrderBy(b => b.Network).ThenBy(b => b.Asset, StringComparer.Ordinal).ToList();
        }
    }

    private void Journal(Network network, string asset, long opened = 0, long credited = 0, long burnt = 0)
    {
        var j = _journal.GetValueOrDefault((network, asset));
        _journal[(network, asset)] = (j.Opened + opened, j.Credited + credited, j.Burnt + burnt);
    }

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
                    Journal(network, asset, opened: amount);
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
            // Computed (checked) before anything changes: an overflow refuses the credit whole.
            if (amountMinor < 0 || !SandboxBooks.TryAdd(_balances.GetValueOrDefault((network, address, asset)), amountMinor, out var next))
            {
                throw SandboxBooks.BalanceOverflow();
            }
            _accounts.Add((network, address));
            _balances[(network, address, asset)] = next;
            Journal(network, asset, credited: amountMinor);
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
            var to = (p.Network, p.ToAddress, p.Asset);
            // Every new balance is computed, with checked arithmetic, before any is written: the payment
            // applies whole or not at all (an overflow is a failed transaction, never a partial write).
            var decision = SandboxBooks.Decide(
                payerExists: _accounts.Contains((p.Network, p.FromAddress)),
                p, _balances.GetValueOrDefault(fromAsset), _balances.GetValueOrDefault(fromFee), _balances.GetValueOrDefault(to));
            if (decision.Ok)
            {
                _balances[fromAsset] = decision.PayerAsset;
                if (p.FeeAsset != p.Asset)
                {
                    _balances[fromFee] = decision.PayerFee;
                }
                _accounts.Add((p.Network, p.ToAddress));
                _balances[to] = decision.Payee;
                Journal(p.Network, p.FeeAsset, burnt: p.FeeMinor);
            }

            var tx = new SandboxTransaction(p.Hash, p.PaymentId, p.Network, p.FromAddress, p.ToAddress, p.Asset,
                p.AmountMinor, decision.Ok ? p.FeeMinor : 0, decision.Ok, decision.FailureCode, p.SubmittedAt, p.SettlesAt);
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
