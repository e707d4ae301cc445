using Microsoft.Extensions.Logging;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Compliance;
using Rowell.Abstractions.Transfers;
using Rowell.Grains.Compliance.Risk;
using Rowell.Grains.Compliance.Storage;
using Rowell.Grains.Events;

namespace Rowell.Grains.Compliance.Flags;

/// <summary>
/// One flag and its append-only history. A status change and its compliance.flag_updated event are one write; what
/// the decision means for a held transfer (resolved → released to the ledger, closed → rejected) is recorded in that
/// same write as a pending action and carried out right after — and again on the next call or activation if the
/// silo died in between — so a decision written is a decision done. The transfer side is idempotent.
/// </summary>
public sealed class FlagGrain(IComplianceStore store, TimeProvider time, ILogger<FlagGrain> logger) : Grain, IFlagGrain
{
    private FlagState? _state;
    private long _version;
    private bool _loaded;

    private string Id => this.GetPrimaryKeyString();

    private async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }
        if (await store.GetFlagAsync(Id, cancellationToken) is { } row)
        {
            (_state, _version) = row;
        }
        _loaded = true;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        if (_state?.PendingTransferAction is not null)
        {
            try
            {
                await CompleteTransferActionAsync(cancellationToken);
            }
            catch (Exception e)
            {
                // The next call retries; activation must not fail because a transfer is briefly unreachable.
                logger.LogWarning(e, "Flag {FlagId}: carrying out the transfer decision failed; will retry", Id);
            }
        }
    }

    public async Task<FlagView?> Get(string developerId)
    {
        await EnsureLoadedAsync(CancellationToken.None);
        return _state is not null && _state.View.DeveloperId == developerId ? _state.View : null;
    }

    public async Task<FlagView> FlagTransfer(FlagTransferCommand command, CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken);
        if (_state is not null)
        {
            return _state.View.DeveloperId == command.DeveloperId && _state.View.EntityId == command.TransferId && _state.View.Reason == command.Reason
                ? _state.View
                : throw new RowellException(ErrorCodes.Conflict, $"Flag {Id} already exists with other parameters.");
        }
        var transfer = await GrainFactory.GetGrain<ITransferGrain>(command.TransferId).Get(command.DeveloperId)
            ?? throw new RowellException(ErrorCodes.NotFound, "transfer_id is not one of your transfers.", "transfer_id");
        var severity = command.Severity ?? (transfer.Compliance.RiskScore >= RiskModel.HighFrom ? "high" : transfer.Compliance.RiskScore >= RiskModel.MediumFrom ? "medium" : "low");
        return await Raise(new RaiseFlagCommand(command.DeveloperId, transfer.Environment, "transfer", transfer.Id, command.Reason, severity,
            transfer.Compliance.RiskScore, [], null, transfer.FromCountry, command.Actor, "manual"), cancellationToken);
    }

    public async Task<FlagView> Raise(RaiseFlagCommand command, CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken);
        if (_state is not null)
        {
            return _state.View;
        }
        var now = time.GetUtcNow();
        var view = new FlagView(Id, command.DeveloperId, command.Environment, command.EntityType, command.EntityId, command.Reason,
            command.Severity, "active", command.RiskScore, RiskModel.LevelOf(command.RiskScore), command.Factors, command.SanctionsMatch,
            command.Country, [new FlagHistoryEntry("active", command.Actor, now, command.Reason)], now, now, command.ReasonCode);
        var state = new FlagState { View = view };
        try
        {
            _version = await store.SaveFlagAsync(state, 0, [Event(view, "compliance.flag_raised")], cancellationToken);
            _state = state;
        }
        catch (FlagVersionConflictException)
        {
            // Raised concurrently (or stored by the verification that raised it): the stored one stands.
            _loaded = false;
            await EnsureLoadedAsync(cancellationToken);
        }
        return _state!.View;
    }

    public async Task<FlagView> UpdateStatus(UpdateFlagStatusCommand command, CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken);
        if (_state is null || _state.View.DeveloperId != command.DeveloperId)
        {
            throw RowellException.NotFound("Flag");
        }
        var current = _state.View;
        var allowed = current.Status switch
        {
            "active" => new[] { "resolved", "escalated", "closed" },
            "escalated" => ["resolved", "closed"],
            _ => [],
        };
        if (!allowed.Contains(command.Status))
        {
            // Finished transfer decisions may still be owed (a crash after the write): a repeat of the same decision finishes them.
            if (current.Status == command.Status && _state.PendingTransferAction is not null)
            {
                await CompleteTransferActionAsync(cancellationToken);
                return _state.View;
            }
            throw new RowellException(ErrorCodes.Conflict, allowed.Length == 0
                ? $"Flag {Id} is {current.Status}: decided flags do not change."
                : $"A flag that is {current.Status} can become {string.Join(" or ", allowed)}, not {command.Status}.");
        }
        var now = time.GetUtcNow();
        var view = current with
        {
            Status = command.Status,
            UpdatedAt = now,
            History = [.. current.History, new FlagHistoryEntry(command.Status, command.Actor, now, command.Notes)],
        };
        var next = new FlagState
        {
            View = view,
            PendingTransferAction = view.EntityType != "transfer" ? null : command.Status switch
            {
                "resolved" => "release",
                "closed" => "reject",
                _ => null,
            },
        };
        await SaveAsync(next, [Event(view, "compliance.flag_updated")], cancellationToken);
        await CompleteTransferActionAsync(cancellationToken);
        return _state.View;
    }

    private async Task CompleteTransferActionAsync(CancellationToken cancellationToken)
    {
        var s = _state!;
        if (s.PendingTransferAction is not { } action)
        {
            return;
        }
        var last = s.View.History[^1];
        var review = GrainFactory.GetGrain<ITransferReviewGrain>(s.View.EntityId);
        _ = action == "release"
            ? await review.ReleaseFromReview(s.View.DeveloperId, Id, last.Actor, cancellationToken)
            : await review.RejectFromReview(s.View.DeveloperId, Id, last.Actor, last.Notes, cancellationToken);
        // Bookkeeping only (the decision and its event are already stored): no event.
        await SaveAsync(new FlagState { View = s.View, PendingTransferAction = null }, [], cancellationToken);
    }

    private async Task SaveAsync(FlagState next, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            _version = await store.SaveFlagAsync(next, _version, events, cancellationToken);
            _state = next;
        }
        catch (FlagVersionConflictException)
        {
            _loaded = false;
            DeactivateOnIdle();
            throw new RowellException(ErrorCodes.Conflict, "The flag changed concurrently; retry the request.");
        }
    }

    private static DomainEvent Event(FlagView view, string type) => new(
        RowellIds.New(RowellIds.Event), view.DeveloperId, EventModes.Of(view.Environment), view.Id, view.History.Count, type,
        ComplianceJson.Serialize(FlagResource.From(view)), view.UpdatedAt);

    /// <summary>The flag_raised event of a flag stored by someone else's write (a verification raising it with its own row).</summary>
    public static DomainEvent RaisedEvent(FlagView view) => Event(view, "compliance.flag_raised");
}
