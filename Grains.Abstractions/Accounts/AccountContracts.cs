using Rowell.Abstractions.Common;
using Rowell.Abstractions.Wallets;

namespace Rowell.Abstractions.Accounts;

[GenerateSerializer, Immutable, Alias("rowell.create-account")]
public sealed record CreateAccountCommand(
    [property: Id(0)] string DeveloperId,
    [property: Id(1)] Network Network,
    [property: Id(2)] LedgerEnvironment Environment,
    [property: Id(3)] AccountType AccountType,
    [property: Id(4)] string CountryCode,
    [property: Id(5)] IReadOnlyDictionary<string, string> Metadata);

/// <summary>What callers may see of an account. Holds no secret by construction.</summary>
[GenerateSerializer, Immutable, Alias("rowell.account-view")]
public sealed record AccountView(
    [property: Id(0)] string Id,
    [property: Id(1)] string DeveloperId,
    [property: Id(2)] Network Network,
    [property: Id(3)] LedgerEnvironment Environment,
    [property: Id(4)] AccountType AccountType,
    [property: Id(5)] string CountryCode,
    [property: Id(6)] string Region,
    [property: Id(7)] KycStatus KycStatus,
    [property: Id(8)] IReadOnlyDictionary<string, string> Metadata,
    [property: Id(9)] IReadOnlyList<WalletView> Wallets,
    [property: Id(10)] DateTimeOffset CreatedAt,
    [property: Id(11)] DateTimeOffset UpdatedAt);

[GenerateSerializer, Immutable, Alias("rowell.balance")]
public sealed record BalanceView(
    [property: Id(0)] Network Network,
    [property: Id(1)] string AssetCode,
    [property: Id(2)] string? AssetIssuer,
    [property: Id(3)] decimal Balance,
    [property: Id(4)] int Decimals);

[GenerateSerializer, Immutable, Alias("rowell.account-filter")]
public sealed record AccountFilter(
    [property: Id(0)] Network? Network = null,
    [property: Id(1)] LedgerEnvironment? Environment = null,
    [property: Id(2)] AccountType? AccountType = null,
    [property: Id(3)] string? CountryCode = null,
    [property: Id(4)] KycStatus? KycStatus = null);

/// <summary>A cursor page, newest first (docs/API.md "Lists").</summary>
[GenerateSerializer, Immutable, Alias("rowell.page`1")]
public sealed record Page<T>(
    [property: Id(0)] IReadOnlyList<T> Items,
    [property: Id(1)] bool HasMore,
    [property: Id(2)] string? NextCursor);

[GenerateSerializer, Immutable, Alias("rowell.page-request")]
public sealed record PageRequest(
    [property: Id(0)] int Limit,
    [property: Id(1)] string? StartingAfter,
    [property: Id(2)] string? EndingBefore);
