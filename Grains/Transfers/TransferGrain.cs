using Rowell.Grains.Observability;
using Microsoft.Extensions.Logging;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Transfers;
using Rowell.Grains.Events;
using Rowell.Abstractions.Wallets;
using Rowell.Grains.Compliance;
using Rowell.Grains.Hosting;
using Rowell.Grains.Ledgers;

namespace Rowell.Grains.Transfers;

/// <summary>
/// How a transfer works, in order: Create validates and resolves both ends, runs compliance, and
/// persists the intent (status pending + the compliance decision + events) before anything moves — a
/// rejected or held transfer ends there. It then asks the source WalletGrain — the only submitter for
/// its address — to submit payment "{id}:{attempt}", and persists "submitted". A timer then polls the
/// ledger until the payment settles (completed) or fails. Every step is re-entrant from stored state:
/// after a crash, Resume (driven by the sweeper) continues where the row says, and resubmitting the
/// same payment id never pays twice.
/// </summary>
public sealed partial class TransferGrain(
    ITransferStore store,
    LedgerRegistry ledgers,
    ITransferCompliance compliance,
    RowellSettings settings,
    TimeProvider time,
    RowellMetrics metrics,
    ILogger<TransferGrain> logger) : Grain, ITransferGrain
{
    private TransferState? _state;
    private readonly List<DomainEvent> _unsaved = [];
    private long _version;
    private readonly OneShotTimer _poll = new();
    private bool _loaded;

    private string Id => this.GetPrimaryKeyString();

    /// <summary>
    /// State is read on first use, not on activation: a brand-new transfer (the hot path) then costs
    /// no read at all — its first write is an insert that fails if the row already exists.
    /// </summary>
    private async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }
        if (await store.LoadAsync(Id, cancellationToken) is { } loaded)
        {
            (_state, _version) = loaded;
        }
        _loaded = true;
    }

    public async Task<TransferView> Create(CreateTransferCommand command, CancellationToken cancellationToken = default)
    {
        var fingerprint = Fingerprint(command);
        if (_state is not null)
        {
            return await RepeatedCreateAsync(command, fingerprint, cancellationToken);
        }

        var source = await GrainFactory.GetGrain<IAccountGrain>(command.FromAccountId).Get(command.DeveloperId)
            ?? throw new RowellException(ErrorCodes.NotFound, "from_account is not one of your accounts.", "from_account");
        var network = source.Network;
        var fromWallet = source.Wallets.FirstOrDefault(w => w.Network == network)
            ?? throw RowellException.Validation("from_account", "from_account has no wallet on its network yet.");
        var asset = TransferRules.Asset(network, source.Environment, command.AssetCode);
        var amountMinor = TransferRules.AmountMinor(command.Amount, asset);
        TransferRules.Memo(network, command.Memo);
        Accounts.MetadataRules.Validate(command.Metadata);
        var (toAccountId, toAddress, toCountry) = await ResolveDestinationAsync(command, network, source.Environment);
        if (toAddress == fromWallet.Address)
        {
            throw RowellException.Validation("to_account", "to_account is the same as from_account.");
        }

        var native = AssetCatalog.Native(network, source.Environment);
        var now = time.GetUtcNow();
        try
        {
            _state = new TransferState
            {
                Id = Id,
                DeveloperId = command.DeveloperId,
                Status = TransferStatus.Pending,
                FromAccountId = source.Id,
                FromWalletId = fromWallet.Id,
                FromAddress = fromWallet.Address,
                ToAccountId = toAccountId,
                ToAddress = toAddress,
                Network = network,
                Environment = source.Environment,
                AssetCode = asset.Code,
                Decimals = asset.Decimals,
                AmountMinor = amountMinor,
                FeeAsset = native.Code,
                FeeDecimals = native.Decimals,
                FeeMinor = TransferRules.NetworkFeeMinor(network),
                Memo = command.Memo,
                Metadata = new Dictionary<string, string>(command.Metadata),
                FromCountry = command.FromCountry ?? source.CountryCode,
                ToCountry = command.ToCountry ?? toCountry,
                CommandFingerprint = fingerprint,
                CreatedAt = now,
                UpdatedAt = now,
            };
            _unsaved.Add(Record("transfer.created", null));
            // Compliance decides before the first write, so the decision is part of the durable intent: a
            // rejected or held transfer is final in one write, and an approved one is never re-reviewed on
            // resume (a review that changed its mind after the payment was made could not undo it).
            await ReviewComplianceAsync(cancellationToken);
            // The durable intent: from here on, the transfer exists and will be driven to a final state.
            _version = await store.SaveAsync(_state, 0, _unsaved.ToList(), cancellationToken);
            _unsaved.Clear();
            _loaded = true;
            Observe();
        }
        catch (TransferVersionConflictException)
        {
            // The row exists (a retry after a crash or a lost answer): continue from what is stored.
            Forget();
            await EnsureLoadedAsync(cancellationToken);
            return await RepeatedCreateAsync(command, fingerprint, cancellationToken);
        }
        catch
        {
            // Whatever failed (the store, compliance, a cancellation), this activation holds no transfer it has
            // not stored: the next call starts from the row, or from nothing if the write never landed.
            Forget();
            throw;
        }
        try
        {
            await DriveAsync(cancellationToken);
        }
        catch (RowellException e) when (IsStaleVersion(e))
        {
            // Another activation moved the stored transfer on: the create's answer is what is stored, never the conflict.
            await EnsureLoadedAsync(CancellationToken.None);
            if (_state is null)
            {
                throw;
            }
        }
        return CreateOutcome();
    }

    private async Task<TransferView> RepeatedCreateAsync(CreateTransferCommand command, string fingerprint, CancellationToken cancellationToken)
    {
        if (_state!.DeveloperId != command.DeveloperId || _state.CommandFingerprint != fingerprint)
        {
            throw new RowellException(ErrorCodes.Conflict, $"Transfer {Id} already exists with other parameters.");
        }
        if (!_state.IsFinished && !_poll.IsScheduled && _state.Status != TransferStatus.ComplianceReview)
        {
            // Drive only from the stored truth: memory may be behind a write another activation made.
            Forget();
            await EnsureLoadedAsync(cancellationToken);
            if (_state is null)
            {
                throw new RowellException(ErrorCodes.ServiceUnavailable, $"Transfer {Id} could not be read back; retry the request.");
            }
            if (!_state.IsFinished && _state.Status != TransferStatus.ComplianceReview)
            {
                try
                {
                    await DriveAsync(cancellationToken);
                }
                catch (RowellException e) when (IsStaleVersion(e))
                {
                    await EnsureLoadedAsync(CancellationToken.None);
                    if (_state is null)
                    {
                        throw;
                    }
                }
            }
        }
        return CreateOutcome();
    }

    public async Task<TransferView?> Get(string developerId)
    {
        await EnsureLoadedAsync(CancellationToken.None);
        return _state is not null && _state.DeveloperId == developerId ? _state.ToView() : null;
    }

    public async Task<IReadOnlyList<TransferEventView>> GetEvents(string developerId)
    {
        await EnsureLoadedAsync(CancellationToken.None);
        return _state is not null && _state.DeveloperId == developerId
            ? _state.Timeline.ToList()
            : throw RowellException.NotFound("Transfer");
    }

    public async Task<TransferView> Retry(string developerId, CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken);
        if (_state is null || _state.DeveloperId != developerId)
        {
            throw RowellException.NotFound("Transfer");
        }
        if (_state.Status != TransferStatus.Failed || !_state.Retryable)
        {
            throw new RowellException(ErrorCodes.Conflict, $"Only failed, retryable transfers can be retried; this one is {_state.Status.Wire()}.");
        }
        // A new attempt is a new ledger payment: the failed one moved nothing.
        _state.Attempt++;
        _state.Status = TransferStatus.Pending;
        _state.FailureCode = null;
        _state.FailureMessage = null;
        _state.Retryable = false;
        _state.TxHash = null;
        await SaveAsync([Record("transfer.retried", $"attempt {_state.Attempt}")], cancellationToken);
        await DriveAsync(cancellationToken);
        return _state.ToView();
    }

    public async Task Resume()
    {
        await EnsureLoadedAsync(CancellationToken.None);
        if (_state is not null && !_state.IsFinished)
        {
            await DriveAsync(CancellationToken.None);
        }
    }

    /// <summary>Moves the transfer as far as it can go now. Idempotent: safe to run again from any state.</summary>
    private async Task DriveAsync(CancellationToken cancellationToken)
    {
        var s = _state!;
        if (s.Status == TransferStatus.Pending)
        {
            if (s.ComplianceStatus == "pending")
            {
                // Only rows stored before compliance ran at creation (older versions) still get here.
                await ReviewComplianceAsync(cancellationToken);
                if (s.Status != TransferStatus.Pending)
                {
                    await SaveUnsavedAsync(cancellationToken);
                    return;
                }
            }
            await SubmitAsync(cancellationToken);
        }
        else if (s.Status == TransferStatus.Submitted)
        {
            await CheckSettlementAsync(cancellationToken);
        }
    }

    /// <summary>Runs compliance on the transfer: approved stays pending; a rejection or a hold records its event (not yet written).</summary>
    private async Task ReviewComplianceAsync(CancellationToken cancellationToken)
    {
        var s = _state!;
        var decision = await compliance.ReviewAsync(s.ToView(), cancellationToken);
        s.RiskScore = decision.RiskScore;
        switch (decision.Outcome)
        {
            case ComplianceOutcome.Reject:
                s.ComplianceStatus = "rejected";
                s.Status = TransferStatus.Rejected;
                s.FailureCode = "compliance_rejected";
                s.FailureMessage = decision.Reason;
                _unsaved.Add(Record("transfer.rejected", decision.Reason));
                break;
            case ComplianceOutcome.Review:
                s.ComplianceStatus = "review";
                s.Status = TransferStatus.ComplianceReview;
                _unsaved.Add(Record("transfer.compliance_review", decision.Reason));
                break;
            default:
                s.ComplianceStatus = "approved";
                break;
        }
    }

    private async Task SubmitAsync(CancellationToken cancellationToken)
    {
        var s = _state!;
        LedgerReceipt receipt;
        try
        {
            receipt = await GrainFactory.GetGrain<IWalletGrain>(s.FromWalletId).SubmitPayment(
                new WalletPayment(s.PaymentId, s.ToAddress, s.AssetCode, s.AmountMinor, s.FeeMinor, s.Memo), cancellationToken);
        }
        catch (RowellException e) when (e.Code == ErrorCodes.InsufficientFunds)
        {
            s.Status = TransferStatus.Failed;
            s.FailureCode = "insufficient_funds";
            s.FailureMessage = e.Message;
            s.Retryable = true;
            await SaveAsync([Record("transfer.failed", s.FailureCode)], cancellationToken);
            return;
        }
        catch (Exception e) when (TransferFailures.IsTransient(e))
        {
            // The ledger did not answer: the intent is stored, so try again later with the same
            // payment id — if the first try did land, the ledger returns that one instead of paying again.
            logger.LogWarning(e, "Submitting transfer {TransferId} failed; will retry", s.Id);
            SchedulePoll(TimeSpan.FromSeconds(2));
            return;
        }
        catch (Exception e)
        {
            // Refused for good (e.g. the ledger rejected the destination, or a statement that can never
            // apply, like bigint out of range): final, nothing moved — never retried every 2 s forever.
            s.Status = TransferStatus.Failed;
            s.FailureCode = TransferFailures.Code(e);
            s.FailureMessage = e is RowellException ? e.Message : "The ledger refused the payment for good; no funds moved.";
            s.Retryable = false;
            await SaveAsync([Record("transfer.failed", s.FailureCode)], cancellationToken);
            return;
        }
        s.TxHash = receipt.Hash;
        s.Status = TransferStatus.Submitted;
        if (!_unsaved.Any(e => e.Type == "transfer.submitted"))
        {
            _unsaved.Add(Record("transfer.submitted", receipt.Hash));
        }
        ApplySettlement(receipt, _unsaved);
        // Written before the 201 goes out: the hash the client receives must already find the transfer in the
        // read model (GET /transactions/{hash}, list filters). Deferring this write to the settlement poll saves
        // a statement per transfer but made a fresh hash answer 404 for one poll interval.
        await SaveUnsavedAsync(cancellationToken);
        if (!s.IsFinished)
        {
            SchedulePoll(settings.SandboxSettlementDelay);
        }
    }

    private TransferView CreateOutcome()
    {
        var s = _state!;
        if (s.Attempt == 1 && s.Status == TransferStatus.Failed && s.FailureCode == "insufficient_funds")
        {
            throw new RowellException(ErrorCodes.InsufficientFunds, "The source wallet does not hold enough to cover the amount and the network fee. Nothing moved.")
            {
                Details = new Dictionary<string, string> { ["transfer_id"] = s.Id },
            };
        }
        if (s.Status == TransferStatus.Rejected)
        {
            throw new RowellException(ErrorCodes.ComplianceRejected, s.FailureMessage ?? "The transfer was rejected by compliance screening.")
            {
                Details = new Dictionary<string, string> { ["transfer_id"] = s.Id },
            };
        }
        return s.ToView();
    }
}
