using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Rowell.Grains.Compliance;

/// <summary>
/// (Lives in Shared beside RowellSettings, which carries it; the namespace is the capability's.)
/// The compliance knobs an operator sets:
/// ROWELL_COMPLIANCE_UNVERIFIED_DAILY_LIMIT_USD (default 1000): what an account without verified KYC may send per
/// rolling 24 h before transfers wait in compliance_review;
/// ROWELL_SANCTIONS_FILE: the UN consolidated list XML (unset: the shipped fictional sample);
/// ROWELL_SANCTIONS_RELOAD_SECONDS (default 30): how often the file is checked for a new version;
/// (USD values for limits and risk come from the one operator price table, ROWELL_USD_RATES: see ComplianceUsdRates);
/// ROWELL_COMPLIANCE_HIGH_RISK_COUNTRIES ("SO,SS"): corridor ends that add risk;
/// ROWELL_COMPLIANCE_HOLD_RISK_FROM (default 70, the start of "high"): the risk score from which a transfer waits
/// in compliance_review (101 turns the hold off; sanctions hits are rejected regardless).
/// </summary>
public sealed record ComplianceSettings
{
    /// <summary>Where the risk model's "high" band starts (RiskModel.HighFrom is defined as this).</summary>
    public const int DefaultHoldRiskFrom = 70;

    public decimal UnverifiedDailyLimitUsd { get; init; } = 1_000m;
    public string? SanctionsFile { get; init; }
    public TimeSpan SanctionsReloadEvery { get; init; } = TimeSpan.FromSeconds(30);
    public IReadOnlySet<string> HighRiskCountries { get; init; } = new HashSet<string>();
    public int HoldRiskFrom { get; init; } = DefaultHoldRiskFrom;

    public static ComplianceSettings From(IConfiguration config)
    {
        var limitRaw = config["ROWELL_COMPLIANCE_UNVERIFIED_DAILY_LIMIT_USD"];
        var limit = 1_000m;
        if (!string.IsNullOrWhiteSpace(limitRaw) &&
            (!decimal.TryParse(limitRaw, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out limit) || limit < 0))
        {
            throw new InvalidOperationException($"ROWELL_COMPLIANCE_UNVERIFIED_DAILY_LIMIT_USD must be a non-negative amount in USD, not '{limitRaw}'.");
        }
        var reloadRaw = config["ROWELL_SANCTIONS_RELOAD_SECONDS"];
        var reload = 30;
        if (!string.IsNullOrWhiteSpace(reloadRaw) && (!int.TryParse(reloadRaw, CultureInfo.InvariantCulture, out reload) || reload < 0))
        {
            throw new InvalidOperationException($"ROWELL_SANCTIONS_RELOAD_SECONDS must be a whole number of seconds, not '{reloadRaw}'.");
        }
        var holdRaw = config["ROWELL_COMPLIANCE_HOLD_RISK_FROM"];
        var hold = DefaultHoldRiskFrom;
        if (!string.IsNullOrWhiteSpace(holdRaw) && (!int.TryParse(holdRaw, CultureInfo.InvariantCulture, out hold) || hold is < 0 or > 101))
        {
            throw new InvalidOperationException($"ROWELL_COMPLIANCE_HOLD_RISK_FROM must be a score from 0 to 101, not '{holdRaw}'.");
        }
        return new ComplianceSettings
        {
            HoldRiskFrom = hold,
            UnverifiedDailyLimitUsd = limit,
            SanctionsFile = config["ROWELL_SANCTIONS_FILE"],
            SanctionsReloadEvery = TimeSpan.FromSeconds(reload),
            HighRiskCountries = (config["ROWELL_COMPLIANCE_HIGH_RISK_COUNTRIES"] ?? "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal),
        };
    }
}
