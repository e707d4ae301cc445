using CsCheck;
using Rowell.Abstractions.Common;
using Rowell.Grains.Compliance.Risk;

namespace Rowell.Tests.Compliance;

public sealed class RiskModelTests
{
    private static readonly RiskAccount Verified = new(KycStatus.Verified, AccountType.User, "NG", TimeSpan.FromDays(365));
    private static readonly RiskTransfer Quiet = new(10m, "NG", "NG", 0, 0, 0, 0, NewCounterparty: false);
    private static readonly IReadOnlySet<string> NoCountries = new HashSet<string>();

    private static RiskAssessment Score(RiskAccount? account = null, RiskTransfer? transfer = null, double sanctions = 0, bool documentValid = true, IReadOnlySet<string>? countries = null) =>
        RiskModel.Score(account ?? Verified, documentValid, sanctions, transfer ?? Quiet, countries ?? NoCountries);

    private static int Points(RiskAssessment a, string code) => a.Factors.Where(f => f.Code == code).Sum(f => f.Points);

    [Fact]
    public void A_verified_old_account_sending_a_little_at_home_is_zero_risk()
    {
        var a = Score();
        Assert.Equal(0, a.Score);
        Assert.Equal("low", a.Level);
        Assert.Empty(a.Factors);
    }

    [Theory]
    [InlineData(KycStatus.Verified, 0)]
    [InlineData(KycStatus.Pending, 10)]
    [InlineData(KycStatus.Unverified, 25)]
    [InlineData(KycStatus.Rejected, 45)]
    public void Kyc_status(KycStatus status, int points)
    {
        var a = Score(Verified with { KycStatus = status });
        Assert.Equal(points, a.Score);
        Assert.Equal(points == 0 ? 0 : 1, a.Factors.Count(f => f.Code.StartsWith("kyc_", StringComparison.Ordinal)));
    }

    [Fact]
    public void Invalid_document() => Assert.Equal(50, Points(Score(documentValid: false), "document_invalid"));

    [Theory]
    [InlineData(0.5, 10)]
    [InlineData(3, 5)]
    [InlineData(8, 0)]
    public void Account_age(double days, int points) =>
        Assert.Equal(points, Points(Score(Verified with { Age = TimeSpan.FromDays(days) }), "account_new"));

    [Theory]
    [InlineData(499.99, 0)]
    [InlineData(500, 5)]
    [InlineData(999.99, 5)]
    [InlineData(1_000, 10)]
    [InlineData(5_000, 20)]
    [InlineData(10_000, 30)]
    [InlineData(1_000_000, 30)]
    public void Amount_in_usd(double usd, int points) =>
        Assert.Equal(points, Points(Score(transfer: Quiet with { AmountUsd = (decimal)usd }), "amount_usd"));

    [Fact]
    public void Corridor()
    {
        Assert.Equal(5, Points(Score(transfer: Quiet with { ToCountry = "KE" }), "cross_border"));
        Assert.Equal(0, Points(Score(transfer: Quiet with { ToCountry = null }), "cross_border"));
        Assert.Equal(15, Points(Score(transfer: Quiet with { ToCountry = "SO" }, countries: new HashSet<string> { "SO" }), "high_risk_country"));
        Assert.Equal(0, Points(Score(transfer: Quiet with { ToCountry = "KE" }, countries: new HashSet<string> { "SO" }), "high_risk_country"));
    }

    [Theory]
    [InlineData(4, 0)]
    [InlineData(5, 8)]
    [InlineData(10, 15)]
    public void Velocity_count_in_the_last_hour(int count, int points) =>
        Assert.Equal(points, Points(Score(transfer: Quiet with { CountLastHour = count }), "velocity_count_hour"));

    [Theory]
    [InlineData(2_989, 0)]   // + this transfer's 10 = 2,999
    [InlineData(2_990, 8)]
    [InlineData(9_990, 15)]
    public void Velocity_volume_in_the_last_day_includes_this_transfer(double earlierUsd, int points) =>
        Assert.Equal(points, Points(Score(transfer: Quiet with { VolumeUsdLastDay = (decimal)earlierUsd }), "velocity_volume_day"));

    [Fact]
    public void Velocity_volume_in_the_last_hour()
    {
        Assert.Equal(0, Points(Score(transfer: Quiet with { VolumeUsdLastHour = 1_989 }), "velocity_volume_hour"));
        Assert.Equal(5, Points(Score(transfer: Quiet with { VolumeUsdLastHour = 1_990 }), "velocity_volume_hour"));
    }

    [Fact]
    public void New_counterparty() => Assert.Equal(5, Points(Score(transfer: Quiet with { NewCounterparty = true }), "new_counterparty"));

    [Theory]
    [InlineData(0.69, 0)]
    [InlineData(0.70, 10)]
    [InlineData(0.85, 30)]
    [InlineData(0.92, 60)]
    [InlineData(1.0, 60)]
    public void Sanctions_proximity(double score, int points) => Assert.Equal(points, Points(Score(sanctions: score), "sanctions_proximity"));

    [Fact]
    public void Levels_and_the_cap()
    {
        Assert.Equal("low", RiskModel.LevelOf(39));
        Assert.Equal("medium", RiskModel.LevelOf(40));
        Assert.Equal("medium", RiskModel.LevelOf(69));
        Assert.Equal("high", RiskModel.LevelOf(70));
        var worst = Score(Verified with { KycStatus = KycStatus.Rejected, Age = TimeSpan.Zero }, documentValid: false, sanctions: 1,
            transfer: new RiskTransfer(1_000_000, "NG", "SO", 50, 1_000_000, 500, 1_000_000, true), countries: new HashSet<string> { "SO" });
        Assert.Equal(100, worst.Score);
        Assert.Equal("high", worst.Level);
        Assert.True(worst.Factors.Sum(f => f.Points) > 100, "the factors still say everything that contributed");
    }

    private static Gen<T> Pick<T>(params T[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);

    private static readonly Gen<RiskAccount> Accounts =
        Gen.Select(Gen.Enum<KycStatus>(), Gen.Enum<AccountType>(), Pick<string>("NG", "KE", "ZA", "GH", "SO"), Gen.Double[0, 400])
            .Select((k, t, c, days) => new RiskAccount(k, t, c, TimeSpan.FromDays(days)));

    private static readonly Gen<RiskTransfer> Transfers =
        Gen.Select(Gen.Decimal[0, 2_000_000m], Pick<string?>("NG", "KE", "SO", null), Pick<string?>("NG", "KE", "SO", null),
                Gen.Int[0, 100], Gen.Decimal[0, 1_000_000m], Gen.Int[0, 1_000], Gen.Decimal[0, 5_000_000m], Gen.Bool)
            .Select((amount, from, to, hourCount, hourVolume, dayCount, dayVolume, fresh) =>
                new RiskTransfer(amount, from, to, hourCount, hourVolume, dayCount, dayVolume, fresh));

    [Fact]
    public void Property_the_score_stays_in_0_to_100_and_never_falls_when_only_the_amount_rises() =>
        Gen.Select(Accounts, Transfers, Gen.Double[0, 1], Gen.Bool, Gen.Decimal[0, 2_000_000m])
            .Sample((account, transfer, sanctions, documentValid, more) =>
            {
                var countries = new HashSet<string> { "SO" };
                var before = RiskModel.Score(account, documentValid, sanctions, transfer, countries);
                var after = RiskModel.Score(account, documentValid, sanctions, transfer with { AmountUsd = transfer.AmountUsd + more }, countries);
                return before.Score is >= 0 and <= 100 && after.Score is >= 0 and <= 100 && after.Score >= before.Score
                    && before.Level == RiskModel.LevelOf(before.Score);
            }, iter: 20_000);
}
