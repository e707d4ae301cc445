using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;
using Rowell.Abstractions.Wallets;


namespace Rowell.Api.Endpoints;

// The public JSON shapes (snake_case on the wire). Mapped from grain views so the HTTP contract
// can evolve independently of what grains store.

public sealed record WalletResponse(string Id, string Object, string AccountId, string Network, string Environment, string Address, string PublicKey, DateTimeOffset CreatedAt)
{
    public static WalletResponse From(WalletView w) =>
        new(w.Id, "wallet", w.AccountId, w.Network.Wire(), w.Environment.Wire(), w.Address, w.PublicKey, w.CreatedAt);
}

public sealed record AccountResponse(
    string Id, string Object, string Network, string Environment, string AccountType, string CountryCode, string Region,
    string KycStatus, IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<WalletResponse> Wallets,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static AccountResponse From(AccountView a) => new(
        a.Id, "account", a.Network.Wire(), a.Environment.Wire(), a.AccountType.Wire(), a.CountryCode, a.Region,
        a.KycStatus.Wire(), a.Metadata, a.Wallets.Select(WalletResponse.From).ToList(), a.CreatedAt, a.UpdatedAt);
}

/// <summary>Amounts are decimal strings with the asset's full precision, never JSON numbers.</summary>
public sealed record BalanceResponse(string Network, string AssetCode, string? AssetIssuer, string Balance)
{
    public static BalanceResponse From(BalanceView b) =>
        new(b.Network.Wire(), b.AssetCode, b.AssetIssuer, Money.Format(b.Balance, b.Decimals));
}

public sealed record ListResponse<T>(IReadOnlyList<T> Items, bool HasMore, string? NextCursor);

public sealed record DeveloperResponse(string Id, string Object, string Email, string FirstName, string LastName, string? Company, string? CountryCode, string Tier, int? RateLimit, DateTimeOffset CreatedAt)
{
    /// <summary><see cref="RateLimit"/> is set only for an enterprise developer with a custom per-minute limit.</summary>
    public static DeveloperResponse From(DeveloperView d) =>
        new(d.Id, "developer", d.Email, d.FirstName, d.LastName, d.Company, d.CountryCode, d.Tier, d.CustomRateLimit, d.CreatedAt);
}

public sealed record ApiKeyResponse(string Id, string Object, string Name, string Mode, string Prefix, IReadOnlyList<string> Permissions, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string Status, string? Secret)
{
    public static ApiKeyResponse From(ApiKeyView k, string? secret = null) =>
        new(k.Id, "api_key", k.Name, k.Mode, k.Prefix, k.Permissions, k.CreatedAt, k.ExpiresAt, k.RevokedAt,
            k.RevokedAt is not null ? "revoked" : k.ExpiresAt is { } e && e <= DateTimeOffset.UtcNow ? "expired" : "active", secret);
}

public sealed record UsageResponse(long TotalRequests, IReadOnlyList<UsageDayResponse> Days);

public sealed record UsageDayResponse(string Date, long Requests, long RateLimited, IReadOnlyList<UsageEndpointResponse> Endpoints);

public sealed record UsageEndpointResponse(string Endpoint, long Requests);

public sealed record CreateApiKeyRequest(string Name, string Mode, IReadOnlyList<string>? Permissions, DateTimeOffset? ExpiresAt);

public sealed record SetTierRequest(string Tier, int? RateLimit);

public sealed record RegistrationResponse(DeveloperResponse Developer, ApiKeyResponse ApiKey, string Notice);

// Request shapes, for the OpenAPI document only: bodies are read field by field by JsonBody.
public sealed record RegisterDeveloperRequest(string Email, string FirstName, string LastName, string? Company, string? CountryCode);

public sealed record CreateAccountRequest(string Network, string Environment, string AccountType, string CountryCode, IReadOnlyDictionary<string, string>? Metadata);

public sealed record CreateWalletRequest(string Network);
