using System.Text.Json;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Transfers;

namespace Rowell.Grains.Transfers;

/// <summary>The event payloads that leave the grain (to the event log, then webhooks and analytics).</summary>
public static class TransferEvents
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Payload(TransferState s) => JsonSerializer.Serialize(new
    {
        id = s.Id,
        status = s.Status.Wire(),
        from_account = s.FromAccountId,
        to_account = s.ToAccountId,
        to_address = s.ToAddress,
        network = s.Network.Wire(),
        environment = s.Environment.Wire(),
        asset_code = s.AssetCode,
        amount = Money.Format(Money.FromMinor(s.AmountMinor, s.Decimals), s.Decimals),
        fee = Money.Format(Money.FromMinor(s.FeeMinor, s.FeeDecimals), s.FeeDecimals),
        fee_asset = s.FeeAsset,
        from_country = s.FromCountry,
        to_country = s.ToCountry,
        transaction_hash = s.TxHash,
        failure_code = s.FailureCode,
        attempt = s.Attempt,
        created_at = s.CreatedAt,
        updated_at = s.UpdatedAt,
    }, Json);
}
