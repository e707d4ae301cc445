using System.Security.Cryptography;
using System.Text;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Transfers;
using Rowell.Grains.Events;
using Rowell.Grains.Observability;

namespace Rowell.Grains.Transfers;

/// <summary>The transfer grain's helpers: resolving the payee, recording events, durable writes, metrics.</summary>
public sealed partial class TransferGrain
{
    private async Task<(string? AccountId, string Address, string? Country)> ResolveDestinationAsync(CreateTransferCommand command, Network network, LedgerEnvironment environment)
    {
        var to = command.ToAccount;
        if (to.StartsWith(RowellIds.Account + "_", StringComparison.Ordinal))
        {
            var payee = RowellIds.IsValid(to, RowellIds.Account) ? await GrainFactory.GetGrain<IAccountGrain>(to).GetPayee(network) : null;
            if (payee is null)
            {
                throw RowellException.Validation("to_account", $"to_account is not an account with a {network.Wire()} wallet.");
            }
            if (payee.Environment != environment)
            {
                throw RowellException.Validation("to_account", "to_account is on another environment (testnet vs mainnet).");
            }
            return (payee.AccountId, payee.Address, payee.CountryCode);
        }
        if (!ledgers.For(network).IsValidAddress(to))
        {
            throw RowellException.Validation("to_account", $"to_account must be an acc_ id or a valid {network.Wire()} address.");
        }
        return (null, to, null);
    }

    private DomainEvent Record(string type, string? detail)
    {
        var s = _state!;
        var now = time.GetUtcNow();
        s.UpdatedAt = now;
        var entry = new TransferEventView(RowellIds.New(RowellIds.Event), type, s.Status, now, detail);
        s.Timeline.Add(entry);
        return new DomainEvent(entry.Id, s.DeveloperId, EventModes.Of(s.Environment), s.Id, s.Timeline.Count, type, TransferEvents.Payload(s), now);
    }

    /// <summary>Writes the state with <paramref name="events"/>, after any recorded earlier but not yet written.</summary>
    private async Task SaveAsync(IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            var all = _unsaved.Count == 0 ? events : [.. _unsaved, .. events];
            _version = await store.SaveAsync(_state!, _version, all, cancellationToken);
            _unsaved.Clear();
            Observe();
            if (_state!.IsFinished)
            {
                // A finished transfer has nothing left to do in memory; leaving it to the default collection
                // age (minutes) keeps every transfer of the last minutes alive, which under load is tens of
                // thousands of activations for the GC to walk. A later read reactivates it from its row.
                DeactivateOnIdle();
            }
        }
        catch (TransferVersionConflictException)
        {
            // Another activation wrote first (a rare duplicate during membership change): drop this
            // one so the next call reloads the truth, and tell the caller to retry.
            Forget();
            DeactivateOnIdle();
            throw new RowellException(ErrorCodes.Conflict, "The transfer changed concurrently; retry the request.")
            {
                Details = new Dictionary<string, string> { [StaleVersionDetail] = "true" },
            };
        }
        catch
        {
            // Unknown whether the write landed (a timeout can hide a commit): memory is no longer the truth.
            Forget();
            throw;
        }
    }

    /// <summary>Marks the CONFLICT of a stale version: transient, so never a stored outcome of an Idempotency-Key.</summary>
    public const string StaleVersionDetail = "stale_version";

    public static bool IsStaleVersion(RowellException e) =>
        e.Code == ErrorCodes.Conflict && e.Details?.ContainsKey(StaleVersionDetail) == true;

    /// <summary>Drops the in-memory transfer: the next use reads the row again (or finds none).</summary>
    private void Forget()
    {
        _state = null;
        _unsaved.Clear();
        _loaded = false;
        _version = 0;
    }

    /// <summary>Metrics after each durable transition: the counter by status, and the "stuck in submitted" gauge.</summary>
    private void Observe()
    {
        var s = _state!;
        metrics.TransferStatus(s.Status.Wire(), s.Network.Wire(), s.AssetCode);
        if (s.Status == TransferStatus.Submitted)
        {
            metrics.TrackSubmitted(s.Id, s.UpdatedAt);
        }
        else
        {
            metrics.UntrackSubmitted(s.Id);
        }
    }

    /// <summary>Writes the state with the events recorded but not yet stored (a settlement outcome, a compliance decision).</summary>
    private async Task SaveUnsavedAsync(CancellationToken cancellationToken)
    {
        if (_unsaved.Count > 0)
        {
            await SaveAsync([], cancellationToken);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.UntrackSubmitted(Id);
        return Task.CompletedTask;
    }

    private static string Fingerprint(CreateTransferCommand c)
    {
        var text = string.Join('\u001f', c.DeveloperId, c.FromAccountId, c.ToAccount, c.AssetCode, c.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            c.Memo, c.FromCountry, c.ToCountry, string.Join('\u001e', c.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value)));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
