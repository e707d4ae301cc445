using System.Text.Json;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Deposits;
using Rowell.Grains.Events;

namespace Rowell.Grains.Deposits;

/// <summary>The deposit as GET /deposits returns it, and its one deposit.received event.</summary>
public static class DepositEvents
{
    public const string Received = "deposit.received";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The API resource (Api/Endpoints/DepositsEndpoints.cs maps the same fields): the event's data.object.</summary>
    public static object Resource(DepositView d) => new
    {
        id = d.Id,
        @object = "deposit",
        account_id = d.AccountId,
        wallet_id = d.WalletId,
        network = d.Network.Wire(),
        asset_code = d.AssetCode,
        amount = Money.Format(Money.FromMinor(d.AmountMinor, d.Decimals), d.Decimals),
        from_address = d.FromAddress,
        to_address = d.ToAddress,
        transaction_hash = d.TransactionHash,
        ledger_time = d.LedgerTime,
        created_at = d.CreatedAt,
    };

    public static string Payload(DepositView d) => JsonSerializer.Serialize(Resource(d), Json);

    /// <summary>Derived from the deposit id, so a retried record carries the same event id (consumers dedupe on it).</summary>
    public static DomainEvent ReceivedEvent(DepositView d) => new(
        RowellIds.Derive(RowellIds.Event, d.Id + "/" + Received), d.DeveloperId, EventModes.Of(d.Environment), d.Id, 1, Received, Payload(d), d.CreatedAt);
}
