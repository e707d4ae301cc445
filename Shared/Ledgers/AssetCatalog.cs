using Rowell.Abstractions.Common;

namespace Rowell.Grains.Ledgers;

/// <summary>An asset as a ledger knows it. <see cref="Issuer"/> is the Stellar issuer or the Hedera token id.</summary>
public sealed record AssetInfo(Network Network, string Code, string? Issuer, int Decimals, bool IsNative);

/// <summary>
/// The assets Rowell moves. Precision is the ledger's: XLM 7 (stroops), HBAR 8 (tinybars),
/// Stellar USDC 7 (every Stellar asset), Hedera USDC 6 (the HTS token's decimals).
/// Issuers are Circle's published USDC issuers / token ids for each network.
/// </summary>
public static class AssetCatalog
{
    public static AssetInfo? Find(Network network, LedgerEnvironment environment, string? code) => (network, code) switch
    {
        (Network.Stellar, "XLM") => new AssetInfo(network, "XLM", null, 7, true),
        (Network.Stellar, "USDC") => new AssetInfo(network, "USDC",
            environment == LedgerEnvironment.Mainnet
                ? "GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN"
                : "GBBD47IF6LWK7P7MDEVSCWR7DPUWV3NY3DTQEVFL4NAT4AQH3ZLLFLA5", 7, false),
        (Network.Hedera, "HBAR") => new AssetInfo(network, "HBAR", null, 8, true),
        (Network.Hedera, "USDC") => new AssetInfo(network, "USDC",
            environment == LedgerEnvironment.Mainnet ? "0.0.456858" : "0.0.429274", 6, false),
        _ => null,
    };

    public static AssetInfo Native(Network network, LedgerEnvironment environment) =>
        Find(network, environment, network == Network.Stellar ? "XLM" : "HBAR")!;

    public static IEnumerable<AssetInfo> All(Network network, LedgerEnvironment environment) =>
        new[] { Native(network, environment), Find(network, environment, "USDC")! };

    public static IReadOnlyList<string> Codes { get; } = ["XLM", "HBAR", "USDC"];
}
