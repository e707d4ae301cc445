using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rowell.Abstractions.Common;
using Rowell.Grains.Hosting;
using Rowell.Grains.Ledgers;
using Rowell.Grains.Ledgers.Hedera;
using Rowell.Grains.Ledgers.Sandbox;
using Rowell.Grains.Ledgers.Stellar;

namespace Rowell.Tests.Ledgers;

/// <summary>ROWELL_LEDGER picks the ledgers; the ledger env variables are read with their documented defaults.</summary>
public class LedgerWiringTests
{
    private static RowellSettings From(params (string Key, string Value)[] values) =>
        RowellSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    private static LedgerRegistry Registry(RowellSettings settings) =>
        new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
            .AddSingleton<ISandboxLedgerStore, InMemorySandboxLedgerStore>()
            .AddRowellLedgers(settings).BuildServiceProvider().GetRequiredService<LedgerRegistry>();

    [Fact]
    public void Default_IsTheSandbox()
    {
        var registry = Registry(From());
        Assert.IsType<SandboxLedger>(registry.Unmetered(Network.Stellar));
        Assert.IsType<SandboxLedger>(registry.Unmetered(Network.Hedera));
    }

    [Fact]
    public void Testnet_SelectsHorizonAndHedera_WithDocumentedDefaults()
    {
        var settings = From(("ROWELL_LEDGER", "testnet"));
        var registry = Registry(settings);
        var stellar = Assert.IsType<StellarLedger>(registry.Unmetered(Network.Stellar));
        var hedera = Assert.IsType<HederaLedger>(registry.Unmetered(Network.Hedera));
        Assert.Equal(new Uri("https://horizon-testnet.stellar.org/"), stellar.HorizonFor(LedgerEnvironment.Testnet));
        Assert.Equal(new Uri("https://testnet.mirrornode.hedera.com/"), hedera.MirrorFor(LedgerEnvironment.Testnet));
        Assert.Equal(new Uri("https://friendbot.stellar.org/"), settings.Ledgers.FriendbotUrl);
        Assert.Equal("0.0.3", hedera.NodeFor(LedgerEnvironment.Testnet).Account.ToString());
        Assert.False(settings.Ledgers.AllowMainnet);
        Assert.Null(settings.Ledgers.HederaOperatorId);
        // No mainnet node unless configured: a clear 503, not a guess.
        var ex = Assert.Throws<RowellException>(() => hedera.NodeFor(LedgerEnvironment.Mainnet));
        Assert.Contains("HEDERA_MAINNET_NODE", ex.Message);
    }

    [Fact]
    public void Testnet_ReadsTheEnvVariables()
    {
        var settings = From(("ROWELL_LEDGER", "testnet"), ("STELLAR_TESTNET_URL", "http://127.0.0.1:8000/horizon"),
            ("STELLAR_FRIENDBOT_URL", "http://127.0.0.1:8000/friendbot"), ("HEDERA_TESTNET_URL", "http://127.0.0.1:5551"),
            ("HEDERA_TESTNET_NODE", "0.0.4@http://127.0.0.1:50211"), ("HEDERA_OPERATOR_ID", "0.0.1234"),
            ("HEDERA_OPERATOR_KEY", "302e020100300506032b657004220420" + new string('1', 64)), ("ROWELL_ALLOW_MAINNET", "true"));
        var registry = Registry(settings);
        var stellar = (StellarLedger)registry.Unmetered(Network.Stellar);
        Assert.Equal(new Uri("http://127.0.0.1:8000/horizon/accounts/G"), new Uri(stellar.HorizonFor(LedgerEnvironment.Testnet), "accounts/G"));
        Assert.Equal(new Uri("http://127.0.0.1:5551/api/v1/accounts"), new Uri(settings.Ledgers.HederaTestnetUrl, "api/v1/accounts"));
        Assert.Equal("0.0.4", ((HederaLedger)registry.Unmetered(Network.Hedera)).NodeFor(LedgerEnvironment.Testnet).Account.ToString());
        Assert.Equal("0.0.1234", settings.Ledgers.HederaOperatorId);
        Assert.True(settings.Ledgers.AllowMainnet);
    }

    [Theory]
    [InlineData("ROWELL_LEDGER", "mainnet")]
    [InlineData("STELLAR_TESTNET_URL", "horizon.example")]
    [InlineData("HEDERA_TESTNET_URL", "ftp://mirror")]
    [InlineData("ROWELL_LEDGER_TIMEOUT_MS", "soon")]
    public void BadSettings_FailAtStartUp(string key, string value)
    {
        Assert.Throws<InvalidOperationException>(() => From((key, value)));
    }
}
