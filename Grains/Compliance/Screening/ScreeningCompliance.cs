using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Compliance;
using Rowell.Abstractions.Transfers;
using Rowell.Grains.Compliance.Risk;
using Rowell.Grains.Compliance.Sanctions;

namespace Rowell.Grains.Compliance.Screening;

/// <summary>
/// The transfer-time compliance step, run by the transfer grain before its first write (so nothing reaches a ledger
/// before it answers). In order:
/// 1. the operator's blocklist and per-asset review thresholds (<see cref="RuleBasedCompliance"/>);
/// 2. sanctions: the sender's and (for an acc_ payee) the receiver's verified identity, and names the caller put in
///    metadata (sender_name, recipient_name, beneficiary_name) — a hit rejects;
/// 3. the risk score (<see cref="RiskModel"/>) from KYC, account age, USD amount, corridor, the sender wallet's
///    velocity, a new counterparty and sanctions proximity;
/// 4. the unverified daily limit: an account whose KYC is not verified may send at most the configured USD per
///    rolling day; above it the transfer waits in compliance_review.
/// Every hold and rejection raises a flag (id derived from the transfer, so a repeated review raises it once)
/// carrying the score, the factors and the matched list entry.
/// </summary>
public sealed class ScreeningCompliance(
    RuleBasedCompliance rules,
    IGrainFactory grains,
    SanctionsListProvider sanctions,
    IComplianceUsdRates rates,
    ComplianceSettings settings,
    TimeProvider time) : ITransferCompliance
{
    public static readonly string[] MetadataNameKeys = ["sender_name", "recipient_name", "beneficiary_name"];

    public async Task<ComplianceDecision> ReviewAsync(TransferView transfer, CancellationToken cancellationToken)
    {
        var ruling = await rules.ReviewAsync(transfer, cancellationToken);
        if (ruling.Outcome == ComplianceOutcome.Reject)
        {
            await RaiseAsync(transfer, "blocked_address", ruling.Reason!, "high", ruling.RiskScore, [], null, cancellationToken);
            return ruling;
        }

        var now = time.GetUtcNow();
        var account = await grains.GetGrain<IAccountGrain>(transfer.FromAccount).Get(transfer.DeveloperId)
            ?? throw RowellException.NotFound("Account");
        var usd = rates.ToUsd(transfer.AssetCode, transfer.Amount);
        var sender = grains.GetGrain<IAccountComplianceGrain>(transfer.FromAccount);
        var reservation = await sender.Reserve(new VelocityReservation(transfer.DeveloperId, transfer.Environment, transfer.Id,
            transfer.FromAddress, transfer.ToAccount ?? transfer.ToAddress, usd, now), cancellationToken);
        try
        {
            var decision = await DecideAsync(transfer, account, usd, reservation, now, ruling, cancellationToken);
            if (decision.Outcome != ComplianceOutcome.Approve)
            {
                await sender.Forget(transfer.Id);
            }
            return decision;
        }
        catch
        {
            await sender.Forget(transfer.Id);
            throw;
        }
    }

    private async Task<ComplianceDecision> DecideAsync(TransferView transfer, AccountView account, decimal usd, Reservation reservation,
        DateTimeOffset now, ComplianceDecision ruling, CancellationToken cancellationToken)
    {
        var (score, match) = (reservation.Identity.Score, reservation.Identity.Match);
        if (transfer.ToAccount is { } payee)
        {
            var receiver = await grains.GetGrain<IAccountComplianceGrain>(payee).ScreenIdentity(cancellationToken);
            if (receiver.Score > score)
            {
                (score, match) = (receiver.Score, receiver.Match);
            }
        }
        var index = sanctions.Current;
        foreach (var key in MetadataNameKeys)
        {
            if (transfer.Metadata.TryGetValue(key, out var name) && !string.IsNullOrWhiteSpace(name))
            {
                var result = SanctionsScreener.Screen(index, new ScreeningSubject(name));
                if (result.Score > score)
                {
                    (score, match) = (result.Score, ScreeningViews.Match(name, result, index));
                }
            }
        }

        var window = reservation.Window;
        var risk = RiskModel.Score(new RiskAccount(account.KycStatus, account.AccountType, account.CountryCode, now - account.CreatedAt),
            documentValid: true, score,
            new RiskTransfer(usd, transfer.FromCountry, transfer.ToCountry, window.CountLastHour, window.VolumeUsdLastHour,
                window.CountLastDay, window.VolumeUsdLastDay, window.NewCounterparty),
            settings.HighRiskCountries);
        var factors = risk.Factors.Select(f => new RiskFactorView(f.Code, f.Points, f.Detail)).ToList();

        if (score >= SanctionsScreener.HitThreshold)
        {
            var reason = $"A party matches sanctions list entry {match!.ReferenceNumber} ({match.ListedName}), score {match.Score:0.00}.";
            await RaiseAsync(transfer, "sanctions_match", reason, "high", Math.Max(risk.Score, 90), factors, match, cancellationToken);
            return new ComplianceDecision(ComplianceOutcome.Reject, Math.Max(risk.Score, 90), reason);
        }
        var dayTotal = window.VolumeUsdLastDay + usd;
        if (account.KycStatus != KycStatus.Verified && dayTotal > settings.UnverifiedDailyLimitUsd)
        {
            factors.Add(new RiskFactorView("unverified_daily_limit", 0,
                $"{dayTotal:0.00} USD in 24 h is above the {settings.UnverifiedDailyLimitUsd:0.00} USD limit for accounts without verified KYC."));
            var reason = $"The account's KYC is {account.KycStatus.Wire()} and this transfer takes its last 24 h to {dayTotal:0.00} USD (limit {settings.UnverifiedDailyLimitUsd:0.00}).";
            return await HoldAsync(transfer, "unverified_daily_limit", reason, "medium", risk.Score, factors, match, cancellationToken);
        }
        if (risk.Score >= settings.HoldRiskFrom)
        {
            return await HoldAsync(transfer, "high_risk", $"Risk score {risk.Score} is high.", "high", risk.Score, factors, match, cancellationToken);
        }
        if (score >= SanctionsScreener.PossibleThreshold)
        {
            var reason = $"A party is close to sanctions list entry {match!.ReferenceNumber} ({match.ListedName}), score {match.Score:0.00}.";
            return await HoldAsync(transfer, "sanctions_possible_match", reason, "medium", risk.Score, factors, match, cancellationToken);
        }
        if (ruling.Outcome == ComplianceOutcome.Review)
        {
            return await HoldAsync(transfer, "amount_threshold", ruling.Reason!, "medium", Math.Max(risk.Score, ruling.RiskScore), factors, match, cancellationToken);
        }
        return new ComplianceDecision(ComplianceOutcome.Approve, risk.Score, null);
    }

    private async Task<ComplianceDecision> HoldAsync(TransferView transfer, string code, string reason, string severity, int riskScore,
        IReadOnlyList<RiskFactorView> factors, SanctionsMatchView? match, CancellationToken cancellationToken)
    {
        await RaiseAsync(transfer, code, reason, severity, riskScore, factors, match, cancellationToken);
        return new ComplianceDecision(ComplianceOutcome.Review, riskScore, reason);
    }

    /// <summary>The flag of a screened transfer: one per transfer (derived id), so a repeated review raises nothing new.</summary>
    public static string FlagIdFor(string transferId) => RowellIds.Derive(ComplianceNames.FlagPrefix, transferId + ":screening");

    private Task<FlagView> RaiseAsync(TransferView transfer, string code, string reason, string severity, int riskScore,
        IReadOnlyList<RiskFactorView> factors, SanctionsMatchView? match, CancellationToken cancellationToken) =>
        grains.GetGrain<IFlagGrain>(FlagIdFor(transfer.Id)).Raise(new RaiseFlagCommand(
            transfer.DeveloperId, transfer.Environment, "transfer", transfer.Id, reason, severity, riskScore, factors, match,
            transfer.FromCountry, "system:screening", code), cancellationToken);
}
