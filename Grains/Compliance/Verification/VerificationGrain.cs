using System.Security.Cryptography;
using System.Text;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Compliance;
using Rowell.Grains.Compliance.Documents;
using Rowell.Grains.Compliance.Flags;
using Rowell.Grains.Compliance.Sanctions;
using Rowell.Grains.Compliance.Screening;
using Rowell.Grains.Compliance.Storage;
using Rowell.Grains.Events;

namespace Rowell.Grains.Compliance.Verification;

/// <summary>
/// One identity verification: the document's offline checks, sanctions screening of the holder, a risk score, and a
/// decision — verified, pending (a person must look: a possible list match or high risk) or rejected (the document
/// failed its checks, or the holder matches the list). The verification, the flag it raises and its events
/// (account.kyc_updated when the status changes, compliance.flag_raised) are one write; the account then takes the
/// new kyc_status. A repeat of the request (or a later activation) applies it again, idempotently, so a crash between
/// the two writes is repaired by the retry.
/// </summary>
public sealed class VerificationGrain(IComplianceStore store, SanctionsListProvider sanctions, DocumentVault vault, TimeProvider time) : Grain, IVerificationGrain
{
    private VerificationRecord? _record;
    private bool _loaded;
    private bool _applied;

    private string Id => this.GetPrimaryKeyString();

    private async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (!_loaded)
        {
            _record = await store.GetVerificationAsync(Id, cancellationToken);
            _loaded = true;
        }
    }

    public async Task<VerificationView?> Get(string developerId)
    {
        await EnsureLoadedAsync(CancellationToken.None);
        if (_record is null || _record.View.DeveloperId != developerId)
        {
            return null;
        }
        await ApplyToAccountAsync(CancellationToken.None);
        return _record.View;
    }

    public async Task<VerificationView> Verify(VerifyIdCommand command, CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken);
        var fingerprint = Fingerprint(command);
        if (_record is not null)
        {
            if (_record.View.DeveloperId != command.DeveloperId || _record.Fingerprint != fingerprint)
            {
                throw new RowellException(ErrorCodes.Conflict, $"Verification {Id} already exists with other parameters.");
            }
            await ApplyToAccountAsync(cancellationToken);
            return _record.View;
        }
        var account = await GrainFactory.GetGrain<IAccountGrain>(command.AccountId).Get(command.DeveloperId)
            ?? throw new RowellException(ErrorCodes.NotFound, "account_id is not one of your accounts.", "account_id");

        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var decision = VerificationDecision.Decide(command, account, sanctions.Current, today, now);
        var flagId = decision.RaiseFlag ? RowellIds.Derive(ComplianceNames.FlagPrefix, Id + ":sanctions") : null;
        var view = new VerificationView(Id, command.DeveloperId, account.Id, account.Environment, command.VerificationType, decision.Status,
            decision.Risk.Score, decision.Risk.Level, decision.Reasons, decision.Factors, command.DocumentType, command.DocumentCountry,
            DocumentVault.Mask(command.DocumentNumber), decision.Match, flagId, now);
        var record = new VerificationRecord
        {
            View = view,
            Fingerprint = fingerprint,
            FullName = $"{command.FirstName} {command.LastName}",
            DateOfBirth = command.DateOfBirth,
            SealedDocumentNumber = vault.Seal(Id, command.DocumentNumber),
        };

        var mode = EventModes.Of(account.Environment);
        var events = new List<DomainEvent>();
        var kyc = KycOf(decision.Status);
        if (kyc != account.KycStatus)
        {
            var updated = account with { KycStatus = kyc, UpdatedAt = now };
            events.Add(new DomainEvent(RowellIds.New(RowellIds.Event), command.DeveloperId, mode, Id, 1, "account.kyc_updated",
                ComplianceJson.Serialize(AccountResource.From(updated)), now));
        }
        FlagState? flag = null;
        if (flagId is not null)
        {
            var hit = decision.Status == "rejected";
            var reason = hit
                ? $"The holder matches sanctions list entry {decision.Match!.ReferenceNumber} ({decision.Match.ListedName}), score {decision.Match.Score:0.00}."
                : $"The holder is close to sanctions list entry {decision.Match!.ReferenceNumber} ({decision.Match.ListedName}), score {decision.Match.Score:0.00}.";
            var flagView = new FlagView(flagId, command.DeveloperId, account.Environment, "account", account.Id, reason, hit ? "high" : "medium",
                "active", decision.Risk.Score, decision.Risk.Level, decision.Factors, decision.Match, command.DocumentCountry,
                [new FlagHistoryEntry("active", "system:screening", now, reason)], now, now, hit ? "sanctions_match" : "sanctions_possible_match");
            flag = new FlagState { View = flagView };
            events.Add(FlagGrain.RaisedEvent(flagView));
        }
        if (!await store.InsertVerificationAsync(record, flag, events, cancellationToken))
        {
            _loaded = false;
            await EnsureLoadedAsync(cancellationToken);
            return _record?.Fingerprint == fingerprint ? _record.View : throw new RowellException(ErrorCodes.Conflict, $"Verification {Id} already exists.");
        }
        _record = record;
        await ApplyToAccountAsync(cancellationToken);
        return view;
    }

    /// <summary>The account follows its verifications: kyc_status, and the identity its transfers are screened with.</summary>
    private async Task ApplyToAccountAsync(CancellationToken cancellationToken)
    {
        if (_applied || _record is null)
        {
            return;
        }
        var v = _record.View;
        await GrainFactory.GetGrain<IAccountGrain>(v.AccountId).ApplyKyc(v.DeveloperId, v.Id, KycOf(v.Status), v.CreatedAt, cancellationToken);
        // Whatever the outcome: a holder rejected for matching the list must be screened on every transfer too.
        await GrainFactory.GetGrain<IAccountComplianceGrain>(v.AccountId).SetIdentity(
            new ScreeningIdentity(v.Id, _record.FullName, _record.DateOfBirth, v.DocumentCountry, v.CreatedAt), cancellationToken);
        _applied = true;
    }

    private static KycStatus KycOf(string status) => status switch
    {
        "verified" => KycStatus.Verified,
        "pending" => KycStatus.Pending,
        _ => KycStatus.Rejected,
    };

    private static string Fingerprint(VerifyIdCommand c)
    {
        var text = string.Join('\u001f', c.DeveloperId, c.AccountId, c.VerificationType, c.FirstName, c.LastName,
            c.DateOfBirth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), c.DocumentType, c.DocumentNumber, c.DocumentCountry, c.Mrz);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
