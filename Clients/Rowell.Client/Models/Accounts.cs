namespace Rowell.Client.Models;

public sealed record Account(string Id, string Object, string Network, string Environment, string AccountType, string CountryCode,
    string Region, string KycStatus, IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<Wallet> Wallets,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record Wallet(string Id, string Object, string AccountId, string Network, string Environment, string Address,
    string PublicKey, DateTimeOffset CreatedAt);

/// <summary><see cref="Balance"/> is a decimal string with the asset's full precision.</summary>
// The wire field is "balance"; a record member cannot share its type's name.
public sealed record Balance(string Network, string AssetCode, string? AssetIssuer,
    [property: System.Text.Json.Serialization.JsonPropertyName("balance")] string Amount);

/// <summary>network stellar|hedera; environment testnet|mainnet; account_type user|merchant|anchor|ngo.</summary>
public sealed record CreateAccountRequest(string Network, string Environment, string AccountType, string CountryCode,
    IReadOnlyDictionary<string, string>? Metadata = null);

public sealed record AccountFilter(string? Network = null, string? Environment = null, string? AccountType = null,
    string? CountryCode = null, string? KycStatus = null)
{
    internal QueryString Apply(QueryString q) => q.With("network", Network).With("environment", Environment)
        .With("account_type", AccountType).With("country_code", CountryCode).With("kyc_status", KycStatus);
}
