using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Compliance;

namespace Rowell.Grains.Compliance;

// The public JSON shapes of compliance resources. The API answers with these records and the event log stores
// them as the events' data.object, so "payload = the resource as GET returns it" holds by construction.

public sealed record VerificationResource(
    string Id, string Object, string AccountId, string VerificationType, string Status, int RiskScore, string RiskLevel,
    IReadOnlyList<ReasonView> Reasons, IReadOnlyList<RiskFactorView> Factors, string DocumentType, string DocumentCountry,
    string DocumentNumberMasked, SanctionsMatchView? SanctionsMatch, string? FlagId, string Environment, DateTimeOffset CreatedAt)
{
    public static VerificationResource From(VerificationView v) => new(
        v.Id, "verification", v.AccountId, v.VerificationType, v.Status, v.RiskScore, v.RiskLevel, v.Reasons, v.Factors,
        v.DocumentType, v.DocumentCountry, v.DocumentNumberMasked, v.SanctionsMatch, v.FlagId, v.Environment.Wire(), v.CreatedAt);
}

public sealed record FlagResource(
    string Id, string Object, string EntityType, string EntityId, string Reason, string ReasonCode, string Severity, string Status,
    int RiskScore, string RiskLevel, IReadOnlyList<RiskFactorView> Factors, SanctionsMatchView? SanctionsMatch, string? Country,
    IReadOnlyList<FlagHistoryEntry> History, string Environment, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static FlagResource From(FlagView f) => new(
        f.Id, "flag", f.EntityType, f.EntityId, f.Reason, f.ReasonCode, f.Severity, f.Status, f.RiskScore, f.RiskLevel, f.Factors,
        f.SanctionsMatch, f.Country, f.History, f.Environment.Wire(), f.CreatedAt, f.UpdatedAt);
}

/// <summary>An account as GET /accounts/{id} returns it (the payload of account.kyc_updated).</summary>
public sealed record AccountResource(
    string Id, string Object, string Network, string Environment, string AccountType, string CountryCode, string Region,
    string KycStatus, IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<WalletResource> Wallets,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static AccountResource From(AccountView a) => new(
        a.Id, "account", a.Network.Wire(), a.Environment.Wire(), a.AccountType.Wire(), a.CountryCode, a.Region,
        a.KycStatus.Wire(), a.Metadata, a.Wallets.Select(w => new WalletResource(w.Id, "wallet", w.AccountId, w.Network.Wire(),
            w.Environment.Wire(), w.Address, w.PublicKey, w.CreatedAt)).ToList(), a.CreatedAt, a.UpdatedAt);
}

public sealed record WalletResource(string Id, string Object, string AccountId, string Network, string Environment, string Address, string PublicKey, DateTimeOffset CreatedAt);

/// <summary>The wire format of the API (snake_case, UTC timestamps with milliseconds and Z), for event payloads.</summary>
public static class ComplianceJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Converters = { new UtcTimestampConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    private sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}
