using Rowell.Grains.Analytics;
using Rowell.Grains.Compliance.Risk;

namespace Rowell.Tests.Compliance;

/// <summary>Compliance values limits with the operator's one price table, the one analytics reports in.</summary>
public sealed class UsdRatesTests
{
    [Fact]
    public void Limits_use_the_operator_table_analytics_uses()
    {
        var rates = new ComplianceUsdRates(StaticUsdRates.Default);
        Assert.Equal(1m, rates.UsdPerUnit("USDC"));
        Assert.Equal(250m, rates.ToUsd("XLM", 1_000m));
        Assert.Equal(StaticUsdRates.Default.Rate("HBAR"), rates.UsdPerUnit("HBAR"));
        Assert.Equal("static", rates.Source);
        Assert.Equal(DateOnly.Parse(StaticUsdRates.Default.AsOf, System.Globalization.CultureInfo.InvariantCulture), rates.AsOf);

        var custom = new ComplianceUsdRates(StaticUsdRates.Parse("USDC=1,XLM=0.5,HBAR=0.1", "2026-11-30"));
        Assert.Equal(500m, custom.ToUsd("XLM", 1_000m));
        Assert.Equal(new DateOnly(2026, 11, 30), custom.AsOf);
    }

    [Fact]
    public void An_asset_without_a_rate_is_valued_at_the_highest_rate_so_it_never_slips_under_a_limit()
    {
        Assert.Equal(1_000m, new ComplianceUsdRates(StaticUsdRates.Default).ToUsd("EURC", 1_000m));
        Assert.Equal(3_000m, new ComplianceUsdRates(StaticUsdRates.Parse("USDC=1,XLM=3", null)).ToUsd("HBAR", 1_000m));
    }

    [Theory]
    [InlineData("XLM")]
    [InlineData("XLM=abc")]
    [InlineData("XLM=-1")]
    [InlineData("XLM:0.25")]
    public void Bad_tables_are_refused(string table) => Assert.Throws<FormatException>(() => StaticUsdRates.Parse(table, null));
}
