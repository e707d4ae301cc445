using System.Collections.Concurrent;
using Rowell.Abstractions.Accounts;

namespace Rowell.Api.Infrastructure;

/// <summary>
/// A one-second micro-cache of account views in this API instance, so the hot read path
/// (<c>GET /accounts/{id}</c> and the owner check in front of balances and wallets) does not cost a silo
/// round trip per request. Safe for accounts because their view almost never changes: the fields are
/// fixed at creation, and the two things that change it — adding a wallet and a sandbox reset — go through
/// this API, which drops the affected entries at once, so a client reads its own writes on the instance
/// it wrote through. Another instance may serve the old view for at most <see cref="Lifetime"/>.
/// Balances are never cached (they are read from the ledger each time), nor are misses (a new account is
/// visible at once). Tenancy is checked on every hit, exactly as the grain checks it.
/// </summary>
public sealed class AccountReadCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    /// <summary>Above this many entries, expired ones are swept out on the next insert.</summary>
    private const int SweepAbove = 50_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly long _lifetimeTicks = (long)(Lifetime.TotalSeconds * time.TimestampFrequency);
    private long _nextSweep;

    /// <summary>The cached view of <paramref name="accountId"/> if it is fresh and belongs to <paramref name="developerId"/>.</summary>
    public bool TryGet(string accountId, string developerId, out AccountView view)
    {
        if (_entries.TryGetValue(accountId, out var entry) && time.GetTimestamp() < entry.ExpiresAt && entry.View.DeveloperId == developerId)
        {
            view = entry.View;
            return true;
        }
        view = null!;
        return false;
    }

    /// <summary>The account as its owner sees it — from the cache, else from its grain (then cached) — or null if it is not theirs.</summary>
    public async ValueTask<AccountView?> GetAsync(IClusterClient orleans, string accountId, string developerId)
    {
        if (TryGet(accountId, developerId, out var view))
        {
            return view;
        }
        if (await orleans.GetGrain<IAccountGrain>(accountId).Get(developerId) is not { } fresh)
        {
            return null;
        }
        Put(fresh);
        return fresh;
    }

    public void Put(AccountView view)
    {
        var now = time.GetTimestamp();
        // At most one sweep per lifetime: if that many entries are all fresh, sweeping on every put would walk them each time.
        var due = Interlocked.Read(ref _nextSweep);
        if (_entries.Count > SweepAbove && now >= due && Interlocked.CompareExchange(ref _nextSweep, now + _lifetimeTicks, due) == due)
        {
            RemoveWhere(entry => entry.ExpiresAt <= now);
        }
        _entries[view.Id] = new Entry(view, now + _lifetimeTicks);
    }

    public void Forget(string accountId) => _entries.TryRemove(accountId, out _);

    /// <summary>Every account of one developer, e.g. after a sandbox reset deleted them.</summary>
    public void ForgetDeveloper(string developerId) => RemoveWhere(entry => entry.View.DeveloperId == developerId);

    private void RemoveWhere(Func<Entry, bool> drop)
    {
        foreach (var (id, entry) in _entries)
        {
            if (drop(entry))
            {
                _entries.TryRemove(id, out _);
            }
        }
    }

    private sealed record Entry(AccountView View, long ExpiresAt);
}
