using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Compliance;
using Rowell.Abstractions.Transfers;
using Rowell.Grains.Compliance.Risk;
using Rowell.Grains.Compliance.Sanctions;
using Rowell.Grains.Compliance.Storage;
using Rowell.Grains.Transfers;

namespace Rowell.Grains.Compliance.Screening;

/// <summary>
/// Per account: the holder's identity (the name and birth date of its latest verification) with its screening result cached
/// per loaded list — a transfer then costs no fuzzy matching for a known holder — and the sender wallet's transfers
/// of the last day. Everything here is derived: on activation the identity is read from the compliance store and
/// the window from the transfer store, so losing the activation loses nothing.
/// </summary>
public sealed class AccountComplianceGrain(
    IComplianceStore store,
    ITransferStore transfers,
    IComplianceUsdRates rates,
    SanctionsListProvider sanctions) : Grain, IAccountComplianceGrain
{
    /// <summary>A sent transfer; the wallet is named by its address (one wallet per network per account).</summary>
    private sealed record Sent(string TransferId, string WalletId, string Counterparty, decimal AmountUsd, DateTimeOffset At);

    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    /// <summary>How far back "a receiver paid before" looks when the window is first loaded.</summary>
    private const int HistoryPages = 10;

    private bool _identityLoaded;
    private ScreeningIdentity? _identity;
    private (SanctionsIndex Index, IdentityScreening Result)? _screened;
    private List<Sent>? _window;
    private readonly HashSet<string> _counterparties = new(StringComparer.Ordinal);

    private string Id => this.GetPrimaryKeyString();

    public async Task<IdentityScreening> ScreenIdentity(CancellationToken cancellationToken = default)
    {
        if (!_identityLoaded)
        {
            if (await store.LatestIdentityAsync(Id, cancellationToken) is { } record)
            {
                _identity = new ScreeningIdentity(record.View.Id, record.FullName, record.DateOfBirth, record.View.DocumentCountry, record.View.CreatedAt);
            }
            _identityLoaded = true;
        }
        if (_identity is null)
        {
            return new IdentityScreening(false, 0, null);
        }
        var index = sanctions.Current;
        if (_screened is not { } cached || !ReferenceEquals(cached.Index, index))
        {
            var result = SanctionsScreener.Screen(index, new ScreeningSubject(_identity.FullName, _identity.DateOfBirth, _identity.Country));
            cached = (index, new IdentityScreening(true, result.Score, ScreeningViews.Match(_identity.FullName, result, index)));
            _screened = cached;
        }
        return cached.Result;
    }

    public Task SetIdentity(ScreeningIdentity identity, CancellationToken cancellationToken = default)
    {
        if (_identity is null || identity.VerifiedAt >= _identity.VerifiedAt)
        {
            _identity = identity;
            _identityLoaded = true;
            _screened = null;
        }
        return Task.CompletedTask;
    }

    public async Task<Reservation> Reserve(VelocityReservation r, CancellationToken cancellationToken = default)
    {
        var identity = await ScreenIdentity(cancellationToken);
        var window = _window ?? await LoadWindowAsync(r, cancellationToken);
        window.RemoveAll(s => s.At <= r.At - Day);
        var hourAgo = r.At - TimeSpan.FromHours(1);
        var others = window.Where(s => s.WalletId == r.WalletId && s.TransferId != r.TransferId).ToList();
        var lastHour = others.Where(s => s.At > hourAgo).ToList();
        var result = new VelocityWindow(lastHour.Count, lastHour.Sum(s => s.AmountUsd), others.Count, others.Sum(s => s.AmountUsd),
            !_counterparties.Contains(r.Counterparty));
        if (!window.Any(s => s.TransferId == r.TransferId))
        {
            window.Add(new Sent(r.TransferId, r.WalletId, r.Counterparty, r.AmountUsd, r.At));
        }
        _counterparties.Add(r.Counterparty);
        return new Reservation(result, identity);
    }

    public Task Forget(string transferId)
    {
        _window?.RemoveAll(s => s.TransferId == transferId);
        return Task.CompletedTask;
    }

    /// <summary>The account's sent transfers of the last day that moved or may move money (not failed, rejected or held).</summary>
    private async Task<List<Sent>> LoadWindowAsync(VelocityReservation r, CancellationToken cancellationToken)
    {
        var window = new List<Sent>();
        var since = r.At - Day;
        string? cursor = null;
        // Bounded: a wallet sending more than 100,000 transfers a day is far past every velocity threshold anyway.
        for (var pageNo = 0; pageNo < 1000; pageNo++)
        {
            var page = await transfers.ListAsync(r.DeveloperId, new TransferFilter(Account: Id, Environment: r.Environment), new PageRequest(100, cursor, null), cancellationToken);
            var reachedOlder = false;
            foreach (var t in page.Items.Where(t => t.FromAccount == Id))
            {
                _counterparties.Add(t.ToAccount ?? t.ToAddress);
                if (t.CreatedAt <= since)
                {
                    reachedOlder = true;
                    continue;
                }
                if (t.Status is TransferStatus.Failed or TransferStatus.Rejected or TransferStatus.ComplianceReview)
                {
                    continue;
                }
                window.Add(new Sent(t.Id, t.FromAddress, t.ToAccount ?? t.ToAddress, rates.ToUsd(t.AssetCode, t.Amount), t.CreatedAt));
            }
            if (!page.HasMore || (reachedOlder && pageNo + 1 >= HistoryPages))
            {
                break;
            }
            cursor = page.NextCursor;
        }
        _window = window;
        return window;
    }
}
