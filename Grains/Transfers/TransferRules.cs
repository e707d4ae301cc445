using System.Text;
using Rowell.Abstractions.Common;
using Rowell.Grains.Ledgers;

namespace Rowell.Grains.Transfers;

/// <summary>The checks and numbers of a transfer that do not need any I/O.</summary>
public static class TransferRules
{
    /// <summary>
    /// Network fee charged to the sender in the native asset: Stellar's base fee (100 stroops for
    /// one operation); a Hedera crypto transfer's ~0.001 ℏ (100,000 tinybars).
    /// </summary>
    public static long NetworkFeeMinor(Network network) => network == Network.Stellar ? 100 : 100_000;

    public const int StellarMemoBytes = 28;
    public const int HederaMemoBytes = 100;

    public static AssetInfo Asset(Network network, LedgerEnvironment environment, string assetCode) =>
        AssetCatalog.Find(network, environment, assetCode)
        ?? throw RowellException.Validation("asset_code",
            AssetCatalog.Codes.Contains(assetCode)
                ? $"{assetCode} is not available on {network.Wire()}; use {string.Join(" or ", AssetCatalog.All(network, environment).Select(a => a.Code))}."
                : $"asset_code must be one of {string.Join(", ", AssetCatalog.Codes)}.");

    /// <summary>
    /// The largest amount of <paramref name="asset"/> one transfer may move, in minor units: the ledger's own
    /// limit (Stellar int64 stroops, Hedera int64 tinybars / token units) less the fee when the fee is paid in
    /// the same asset, so amount + fee can never overflow anywhere downstream.
    /// </summary>
    public static long MaxAmountMinor(AssetInfo asset) =>
        asset.IsNative ? long.MaxValue - NetworkFeeMinor(asset.Network) : long.MaxValue;

    /// <summary>The amount in minor units, or a 400 on amount: not positive, too precise, or above <see cref="MaxAmountMinor"/>.</summary>
    public static long AmountMinor(decimal amount, AssetInfo asset)
    {
        if (amount <= 0)
        {
            throw RowellException.Validation("amount", "amount must be greater than zero.");
        }
        if (decimal.Round(amount, asset.Decimals) != amount)
        {
            throw RowellException.Validation("amount", $"amount has more than {asset.Decimals} decimals, the precision of {asset.Code} on {asset.Network.Wire()}.");
        }
        var max = MaxAmountMinor(asset);
        if (!Money.TryToMinor(amount, asset.Decimals, out var minor) || minor > max)
        {
            throw RowellException.Validation("amount",
                $"amount is too large: at most {Money.FormatMinor(max, asset.Decimals)} {asset.Code} on {asset.Network.Wire()} (the ledger's int64 limit, fee included).");
        }
        return minor;
    }

    public static void Memo(Network network, string? memo)
    {
        var max = network == Network.Stellar ? StellarMemoBytes : HederaMemoBytes;
        if (memo is not null && Encoding.UTF8.GetByteCount(memo) > max)
        {
            throw RowellException.Validation("memo", $"memo is at most {max} bytes on {network.Wire()}.");
        }
    }
}
