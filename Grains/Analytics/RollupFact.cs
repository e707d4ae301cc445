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
            // Names are matched as UTF-8 bytes: a payload has ~20 fields and only a dozen matter, so no name is
            // ever turned into a string.
            var field = FieldOf(ref reader);
            reader.Read();
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }
            if (field < 0)
            {
                continue;
            }
            var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            switch (field)
            {
                case 0: network = value; break;
                case 1: asset = value; break;
                case 2: from = value; break;
                case 3: toAccount = value; break;
                case 4: toAddress = value; break;
                case 5: fromCountry = value; break;
                case 6: toCountry = value; break;
                case 7: amount = value; break;
                case 8: fee = value; break;
                case 9: feeAsset = value; break;
                case 10: accountId = value; break;
                case 11: countryCode = value; break;
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

    private static int FieldOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return Array.IndexOf(Names, reader.GetString());
        }
        var name = reader.ValueSpan;
        return name.SequenceEqual("network"u8) ? 0
            : name.SequenceEqual("asset_code"u8) ? 1
            : name.SequenceEqual("from_account"u8) ? 2
            : name.SequenceEqual("to_account"u8) ? 3
            : name.SequenceEqual("to_address"u8) ? 4
            : name.SequenceEqual("from_country"u8) ? 5
            : name.SequenceEqual("to_country"u8) ? 6
            : name.SequenceEqual("amount"u8) ? 7
            : name.SequenceEqual("fee"u8) ? 8
            : name.SequenceEqual("fee_asset"u8) ? 9
            : name.SequenceEqual("account_id"u8) ? 10
            : name.SequenceEqual("country_code"u8) ? 11
            : -1;
    }

    private static readonly string[] Names =
        ["network", "asset_code", "from_account", "to_account", "to_address", "from_country", "to_country", "amount", "fee", "fee_asset", "account_id", "country_code"];
}
