using Rowell.Grains.Compliance.Risk;

namespace Rowell.Tests.Compliance;

public sealed class UsdRatesTests
{
    [Fact]
    public void Defaults_and_overrides()
    {
        var rates = StaticComplianceUsdRates.FromSetting(null);
        Assert.Equal(1m, rates.UsdPerUnit("USDC"));
        Assert.Equal(250m, rates.ToUsd("XLM", 1_000m));
        var custom = StaticComplianceUsdRates.FromSetting("XLM:0.5");
        Assert.Equal(500m, custom.ToUsd("XLM", 1_000m));
        Assert.Equal(1m, custom.UsdPerUnit("USDC"));
    }

    [Fact]
    public void An_asset_without_a_rate_is_valued_at_the_highest_rate_so_it_never_slips_under_a_limit() =>
        Assert.Equal(1_000m, StaticComplianceUsdRates.FromSetting(null).ToUsd("EURC", 1_000m));

    [Theory]
    [InlineData("XLM")]
    [InlineData("XLM:abc")]
    [InlineData("XLM:-1")]
    public void Bad_settings_are_refused(string setting) => Assert.Throws<FormatException>(() => StaticComplianceUsdRates.FromSetting(setting));
}
