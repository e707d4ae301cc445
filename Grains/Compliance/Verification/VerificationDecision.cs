using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Compliance;
using Rowell.Grains.Compliance.Documents;
using Rowell.Grains.Compliance.Risk;
using Rowell.Grains.Compliance.Sanctions;
using Rowell.Grains.Compliance.Screening;

namespace Rowell.Grains.Compliance.Verification;

/// <summary>
/// The verification decision as a pure function of the request, the account, the list and the date:
/// rejected when the document fails a check or the holder is a sanctions hit; pending when the holder is a possible
/// match or the risk is high; verified otherwise. Reasons are machine-readable codes with a sentence each.
/// </summary>
public sealed record VerificationDecision(
    string Status,
    RiskAssessment Risk,
    IReadOnlyList<ReasonView> Reasons,
    IReadOnlyList<RiskFactorView> Factors,
    SanctionsMatchView? Match,
    bool RaiseFlag)
{
    public static VerificationDecision Decide(VerifyIdCommand command, AccountView account, SanctionsIndex index, DateOnly today, DateTimeOffset now)
    {
        var check = IdDocumentValidator.Validate(command.DocumentType, command.DocumentNumber, command.DocumentCountry, command.DateOfBirth, command.Mrz, today);
        var fullName = $"{command.FirstName} {command.LastName}";
        var screening = SanctionsScreener.Screen(index, new ScreeningSubject(fullName, command.DateOfBirth, command.DocumentCountry));
        var match = ScreeningViews.Match(fullName, screening, index);
        // KYC itself is what is being decided: the account's current status is not a factor of its own verification.
        var risk = RiskModel.Score(new RiskAccount(KycStatus.Verified, account.AccountType, account.CountryCode, now - account.CreatedAt),
            check.IsValid, screening.Score, null, new HashSet<string>());

        var reasons = check.Problems.Select(p => new ReasonView(p.Code, p.Message)).ToList();
        if (screening.IsHit)
        {
            reasons.Add(new ReasonView("sanctions_match", $"The name matches sanctions list entry {match!.ReferenceNumber} (score {match.Score:0.00})."));
        }
        else if (screening.IsPossibleMatch)
        {
            reasons.Add(new ReasonView("sanctions_possible_match", $"The name is close to sanctions list entry {match!.ReferenceNumber} (score {match.Score:0.00}); a reviewer must decide."));
        }
        string status;
        if (!check.IsValid || screening.IsHit)
        {
            status = "rejected";
        }
        else if (screening.IsPossibleMatch || risk.Level == "high")
        {
            status = "pending";
            if (risk.Level == "high")
            {
                reasons.Add(new ReasonView("risk_high", $"The risk score {risk.Score} is high; a reviewer must decide."));
            }
        }
        else
        {
            status = "verified";
        }
        if (check.IsValid)
        {
            reasons.Add(check.ChecksumVerified
                ? new ReasonView("document_checks_passed", "The document's format and check digits are valid.")
                : new ReasonView("document_format_valid", "The document's format is valid; this document type has no check digit to verify offline."));
        }
        if (screening.Best is null)
        {
            reasons.Add(new ReasonView("sanctions_clear", "The name is not close to any sanctions list entry."));
        }
        return new VerificationDecision(status, risk, reasons, risk.Factors.Select(f => new RiskFactorView(f.Code, f.Points, f.Detail)).ToList(),
            match, screening.IsHit || screening.IsPossibleMatch);
    }
}
