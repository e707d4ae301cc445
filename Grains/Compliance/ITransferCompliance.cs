using Rowell.Abstractions.Transfers;

namespace Rowell.Grains.Compliance;

public enum ComplianceOutcome { Approve, Review, Reject }

public sealed record ComplianceDecision(ComplianceOutcome Outcome, int RiskScore, string? Reason);

/// <summary>
/// The compliance step of a transfer. The compliance capability replaces the default with real
/// screening (sanctions, limits, KYC status); until then <see cref="RuleBasedCompliance"/> applies.
/// </summary>
public interface ITransferCompliance
{
    Task<ComplianceDecision> ReviewAsync(TransferView transfer, CancellationToken cancellationToken);
}
