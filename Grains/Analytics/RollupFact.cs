using System.Text;
using System.Text.Json;

namespace Rowell.Grains.Analytics;

/// <summary>
/// What analytics needs of one event, read once from its payload (the resource as GET returns it). Stream
/// deliveries and the reconciler's log reads both become facts, so both paths aggregate identically.
/// </summary>
public sealed record RollupFact(
    string EventId,
    string AggregateId,
    int AggregateSeq,
    string Type,
    DateTimeOffset At,
    string? Network,
    string? Asset,
    string? From,
    string? To,
    string? ToAccount,
    string? FromCountry,
    string? ToCountry,
    long AmountUnits,
    string? FeeAsset,
    long FeeUnits)
{
    /// <summary>Submitted → completed in milliseconds, for transfer.completed once its submission is known.</summary>
    public long? SettlementMs { get; init; }

    public DateTime Day => Periods.DayOf(At);
}

public static class EventTypes
{
    public const string TransferCreated = "transfer.created";
    public const string TransferSubmitted = "transfer.submitted";
    public const string TransferCompleted = "transfer.completed";
    public const string TransferFailed = "transfer.failed";
    public const string TransferRejected = "transfer.rejected";
    public const string AccountCreated = "account.created";
    public const string DepositReceived = "deposit.received";

    /// <summary>The event types that change a rollup (others, e.g. transfer.compliance_review, are skipped).</summary>
    public static bool Matters(string type) => type is TransferCreated or TransferSubmitted or TransferCompleted
        or TransferFailed or TransferRejected or AccountCreated or DepositReceived;
}

/// <summary>Reads a payload's few interesting fields with a forward-only reader (the reconciler parses millions).</summary>
public static class RollupFacts
{
    public static RollupFact? From(string eventId, string aggregateId, int aggregateSeq, string type, DateTimeOffset at, string payloadJson) =>
        EventTypes.Matters(type) ? Parse(eventId, aggregateId, aggregateSeq, type, at, Encoding.UTF8.GetBytes(payloadJson)) : null;

    public static RollupFact Parse(string eventId, string aggregateId, int aggregateSeq, string type, DateTimeOffset at, ReadOnlySpan<byte> payload)
    {
        string? network = null, asset = null, from = null, toAccount = null, toAddress = null, fromCountry = null, toCountry = null,
            amount = null, fee = null, feeAsset = null, accountId = null, countryCode = null;
        var reader = new Utf8JsonReader(payload);
        reader.Read();
        var depth = reader.CurrentDepth;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth)
            {
                break;
            }
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != depth + 1)
            {
                continue;
            }
            var name = reader.GetString();
            reader.Read();
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }
            var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            switch (name)
            {
                case "network": network = value; break;
                case "asset_code": asset = value; break;
                case "from_account": from = value; break;
                case "to_account": toAccount = value; break;
                case "to_address": toAddress = value; break;
                case "from_country": fromCountry = value; break;
                case "to_country": toCountry = value; break;
                case "amount": amount = value; break;
                case "fee": fee = value; break;
                case "fee_asset": feeAsset = value; break;
                case "account_id": accountId = value; break;
                case "country_code": countryCode = value; break;
            }
        }
        // Accounts and deposits name their account differently from transfers; a fact has one "from".
        if (type == EventTypes.AccountCreated)
        {
            from = aggregateId;
            fromCountry = countryCode;
        }
        else if (type == EventTypes.DepositReceived)
        {
            from = accountId;
            fromCountry ??= countryCode;
        }
        return new RollupFact(eventId, aggregateId, aggregateSeq, type, at, network, asset, from, toAccount ?? toAddress, toAccount,
            fromCountry, toCountry, Units.Parse(amount), feeAsset, Units.Parse(fee));
    }
}
