using Rowell.Abstractions.Common;

namespace Rowell.Grains.Compliance.Risk;

/// <summary>What is known about the account holder when risk is scored.</summary>
public sealed record RiskAccount(KycStatus KycStatus, AccountType AccountType, string CountryCode, TimeSpan Age);

/// <summary>
/// A transfer being scored. <see cref="AmountUsd"/> is this transfer; the velocity numbers are the sender wallet's
/// OTHER transfers in the window (this one is added by the model, so a larger amount can only raise volume).
/// </summary>
public sealed record RiskTransfer(
    decimal AmountUsd,
    string? FromCountry,
    string? ToCountry,
    int CountLastHour,
    decimal VolumeUsdLastHour,
    int CountLastDay,
    decimal VolumeUsdLastDay,
    bool NewCounterparty);

/// <summary>One contribution to a score: a stable code, its points and why.</summary>
public sealed record RiskFactor(string Code, int Points, string Detail);

public sealed record RiskAssessment(int Score, string Level, IReadOnlyList<RiskFactor> Factors);

/// <summary>
/// The risk score: a pure function, additive points capped at 100. Every factor is monotone in what it reads
/// (more money, more transfers, closer to a listed name → never fewer points), which is what makes the whole score
/// never fall when only the amount rises. Levels: 0–39 low, 40–69 medium, 70–100 high.
///
/// | factor | points |
/// |---|---|
/// | kyc_unverified / kyc_pending / kyc_rejected | 25 / 10 / 45 |
/// | document_invalid (a verification whose document failed its checks) | 50 |
/// | account_new (younger than 1 day / 7 days) | 10 / 5 |
/// | amount_usd ≥ 500 / 1,000 / 5,000 / 10,000 | 5 / 10 / 20 / 30 |
/// | cross_border (sender and receiver countries differ) | 5 |
/// | high_risk_country (either end in the operator's list) | 15 |
/// | velocity_count_hour (≥ 5 / ≥ 10 others in the last hour) | 8 / 15 |
/// | velocity_volume_day (USD in the last day incl. this ≥ 3,000 / 10,000) | 8 / 15 |
/// | velocity_volume_hour (USD in the last hour incl. this ≥ 2,000) | 5 |
/// | new_counterparty (first payment to this receiver) | 5 |
/// | sanctions_proximity (best screening score ≥ 0.70 / 0.85 / 0.92) | 10 / 30 / 60 |
/// </summary>
public static class RiskModel
{
    public const int MediumFrom = 40;
    public const int HighFrom = ComplianceSettings.DefaultHoldRiskFrom;

    public static string LevelOf(int score) => score >= HighFrom ? "high" : score >= MediumFrom ? "medium" : "low";

    public static RiskAssessment Score(RiskAccount account, bool documentValid, double sanctionsScore, RiskTransfer? transfer, IReadOnlySet<string> highRiskCountries)
    {
        var factors = new List<RiskFactor>();
        switch (account.KycStatus)
        {
            case KycStatus.Unverified:
                factors.Add(new RiskFactor("kyc_unverified", 25, "The account holder's identity is not verified."));
                break;
            case KycStatus.Pending:
                factors.Add(new RiskFactor("kyc_pending", 10, "The identity verification awaits review."));
                break;
            case KycStatus.Rejected:
                factors.Add(new RiskFactor("kyc_rejected", 45, "The identity verification was rejected."));
                break;
        }
        if (!documentValid)
        {
            factors.Add(new RiskFactor("document_invalid", 50, "The identity document failed its checks."));
        }
        if (account.Age < TimeSpan.FromDays(1))
        {
            factors.Add(new RiskFactor("account_new", 10, "The account is less than a day old."));
        }
        else if (account.Age < TimeSpan.FromDays(7))
        {
            factors.Add(new RiskFactor("account_new", 5, "The account is less than a week old."));
        }
        if (sanctionsScore >= 0.92)
        {
            factors.Add(new RiskFactor("sanctions_proximity", 60, $"A name matches a sanctions list entry (score {sanctionsScore:0.00})."));
        }
        else if (sanctionsScore >= 0.85)
        {
            factors.Add(new RiskFactor("sanctions_proximity", 30, $"A name is close to a sanctions list entry (score {sanctionsScore:0.00})."));
        }
        else if (sanctionsScore >= 0.70)
        {
            factors.Add(new RiskFactor("sanctions_proximity", 10, $"A name resembles a sanctions list entry (score {sanctionsScore:0.00})."));
        }
        if (transfer is not null)
        {
            AddTransferFactors(transfer, highRiskCountries, factors);
        }
        var score = Math.Min(100, factors.Sum(f => f.Points));
        return new RiskAssessment(score, LevelOf(score), factors);
    }

    private static void AddTransferFactors(RiskTransfer t, IReadOnlySet<string> highRiskCountries, List<RiskFactor> factors)
    {
        var amount = Math.Max(0, t.AmountUsd);
        var amountPoints = amount >= 10_000 ? 30 : amount >= 5_000 ? 20 : amount >= 1_000 ? 10 : amount >= 500 ? 5 : 0;
        if (amountPoints > 0)
        {
            factors.Add(new RiskFactor("amount_usd", amountPoints, $"The amount is {amount:0.00} USD."));
        }
        if (t.FromCountry is not null && t.ToCountry is not null && t.FromCountry != t.ToCountry)
        {
            factors.Add(new RiskFactor("cross_border", 5, $"Cross-border corridor {t.FromCountry} → {t.ToCountry}."));
        }
        if ((t.FromCountry is not null && highRiskCountries.Contains(t.FromCountry)) || (t.ToCountry is not null && highRiskCountries.Contains(t.ToCountry)))
        {
            factors.Add(new RiskFactor("high_risk_country", 15, "An end of the corridor is on the high-risk country list."));
        }
        var countPoints = t.CountLastHour >= 10 ? 15 : t.CountLastHour >= 5 ? 8 : 0;
        if (countPoints > 0)
        {
            factors.Add(new RiskFactor("velocity_count_hour", countPoints, $"{t.CountLastHour} other transfers from this wallet in the last hour."));
        }
        var day = Math.Max(0, t.VolumeUsdLastDay) + amount;
        var dayPoints = day >= 10_000 ? 15 : day >= 3_000 ? 8 : 0;
        if (dayPoints > 0)
        {
            factors.Add(new RiskFactor("velocity_volume_day", dayPoints, $"{day:0.00} USD from this wallet in the last day, this transfer included."));
        }
        var hour = Math.Max(0, t.VolumeUsdLastHour) + amount;
        if (hour >= 2_000)
        {
            factors.Add(new RiskFactor("velocity_volume_hour", 5, $"{hour:0.00} USD from this wallet in the last hour, this transfer included."));
        }
        if (t.NewCounterparty)
        {
            factors.Add(new RiskFactor("new_counterparty", 5, "The first payment from this wallet to this receiver."));
        }
    }
}
