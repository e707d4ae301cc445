using Rowell.Abstractions.Common;
using Rowell.Abstractions.Transfers;

namespace Rowell.Grains.Compliance;

/// <summary>
/// The launch screening policy, until the compliance capability brings KYC- and sanctions-aware
/// scoring: payments to a blocked address are rejected; payments above a per-asset threshold wait
/// in compliance_review for a person. Thresholds and the blocklist are operator settings
/// (ROWELL_COMPLIANCE_REVIEW_ABOVE="XLM:50000,USDC:10000,HBAR:100000",
/// ROWELL_COMPLIANCE_BLOCKED="G…,0.0.123"); with neither set every transfer is approved.
/// </summary>
public sealed class RuleBasedCompliance(IReadOnlyDictionary<string, decimal> reviewAbove, IReadOnlySet<string> blocked) : ITransferCompliance
{
    public static RuleBasedCompliance FromSettings(string? reviewAbove, string? blocked)
    {
        var thresholds = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var entry in (reviewAbove ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(':');
            if (parts.Length != 2 || !decimal.TryParse(parts[1], System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var limit) || limit <= 0)
            {
                throw new FormatException($"ROWELL_COMPLIANCE_REVIEW_ABOVE entry '{entry}' is not ASSET:amount (e.g. USDC:10000).");
            }
            thresholds[parts[0]] = limit;
        }
        var blocklist = (blocked ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        return new RuleBasedCompliance(thresholds, blocklist);
    }

    public Task<ComplianceDecision> ReviewAsync(TransferView transfer, CancellationToken cancellationToken)
    {
        if (blocked.Contains(transfer.ToAddress))
        {
            return Task.FromResult(new ComplianceDecision(ComplianceOutcome.Reject, 100, "The destination address is on the blocklist."));
        }
        if (reviewAbove.TryGetValue(transfer.AssetCode, out var limit) && transfer.Amount > limit)
        {
            return Task.FromResult(new ComplianceDecision(ComplianceOutcome.Review, 70,
                $"{Money.Format(transfer.Amount, transfer.Decimals)} {transfer.AssetCode} is above the {limit} review threshold."));
        }
        return Task.FromResult(new ComplianceDecision(ComplianceOutcome.Approve, 0, null));
    }
}
