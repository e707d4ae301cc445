namespace Rowell.Abstractions.Developers;

[GenerateSerializer, Immutable, Alias("rowell.register-developer")]
public sealed record RegisterDeveloperCommand(
    [property: Id(0)] string Email,
    [property: Id(1)] string FirstName,
    [property: Id(2)] string LastName,
    [property: Id(3)] string? Company,
    [property: Id(4)] string? CountryCode);

[GenerateSerializer, Immutable, Alias("rowell.developer-view")]
public sealed record DeveloperView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Email,
    [property: Id(2)] string FirstName,
    [property: Id(3)] string LastName,
    [property: Id(4)] string? Company,
    [property: Id(5)] string? CountryCode,
    [property: Id(6)] string Tier,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] int? CustomRateLimit = null);

/// <summary>Public metadata of an API key. The secret is shown once, in <see cref="IssuedApiKey"/>.</summary>
[GenerateSerializer, Immutable, Alias("rowell.api-key-view")]
public sealed record ApiKeyView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Mode,
    [property: Id(3)] string Prefix,
    [property: Id(4)] IReadOnlyList<string> Permissions,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset? RevokedAt,
    [property: Id(7)] DateTimeOffset? ExpiresAt = null);

[GenerateSerializer, Immutable, Alias("rowell.issued-api-key")]
public sealed record IssuedApiKey(
    [property: Id(0)] ApiKeyView Key,
    [property: Id(1)] string Secret);

[GenerateSerializer, Immutable, Alias("rowell.registration")]
public sealed record Registration(
    [property: Id(0)] DeveloperView Developer,
    [property: Id(1)] IssuedApiKey ApiKey);

/// <summary>What the API needs to authenticate a request: who, which mode, which permissions.</summary>
[GenerateSerializer, Immutable, Alias("rowell.api-key-principal")]
public sealed record ApiKeyPrincipal(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string DeveloperId,
    [property: Id(2)] string Mode,
    [property: Id(3)] IReadOnlyList<string> Permissions,
    [property: Id(4)] string Tier,
    [property: Id(5)] int? CustomRateLimit = null,
    [property: Id(6)] DateTimeOffset? ExpiresAt = null)
{
    public bool IsTest => Mode == ApiKeyModes.Test;

    public bool Has(string permission) => Permissions.Contains(permission, StringComparer.Ordinal);
}

/// <summary>What the developer asks for when creating a key (POST /developers/me/api-keys).</summary>
[GenerateSerializer, Immutable, Alias("rowell.create-api-key")]
public sealed record CreateApiKeyCommand(
    [property: Id(0)] string Name,
    [property: Id(1)] string Mode,
    [property: Id(2)] IReadOnlyList<string> Permissions,
    [property: Id(3)] DateTimeOffset? ExpiresAt);

/// <summary>Everything an <see cref="IApiKeyGrain"/> stores when issued; the tier is copied so authentication needs one grain call.</summary>
[GenerateSerializer, Immutable, Alias("rowell.api-key-spec")]
public sealed record ApiKeySpec(
    [property: Id(0)] string DeveloperId,
    [property: Id(1)] string Name,
    [property: Id(2)] string Mode,
    [property: Id(3)] IReadOnlyList<string> Permissions,
    [property: Id(4)] DateTimeOffset? ExpiresAt,
    [property: Id(5)] string Tier,
    [property: Id(6)] int? CustomRateLimit);

public static class ApiKeyModes
{
    public const string Test = "test";
    public const string Live = "live";
}

/// <summary>Rate-limit tiers. The per-minute numbers live in the API's settings; enterprise may carry its own.</summary>
public static class Tiers
{
    public const string Free = "free";
    public const string Pro = "pro";
    public const string Enterprise = "enterprise";

    public static readonly IReadOnlyList<string> All = [Free, Pro, Enterprise];
}

/// <summary>The permissions a key can hold (docs/API.md). Endpoints declare which one they need.</summary>
public static class Permissions
{
    public const string AccountsRead = "accounts:read";
    public const string AccountsWrite = "accounts:write";
    public const string TransfersRead = "transfers:read";
    public const string TransfersWrite = "transfers:write";
    public const string WebhooksRead = "webhooks:read";
    public const string WebhooksWrite = "webhooks:write";
    public const string ComplianceRead = "compliance:read";
    public const string ComplianceWrite = "compliance:write";
    public const string AnalyticsRead = "analytics:read";
    public const string SandboxWrite = "sandbox:write";

    public static readonly IReadOnlyList<string> All =
    [
        AccountsRead, AccountsWrite, TransfersRead, TransfersWrite, WebhooksRead, WebhooksWrite,
        ComplianceRead, ComplianceWrite, AnalyticsRead, SandboxWrite,
    ];

    /// <summary>Default for a new key when none are named: everything its mode can use (live keys cannot use the sandbox).</summary>
    public static IReadOnlyList<string> DefaultFor(string mode) =>
        mode == ApiKeyModes.Live ? All.Where(p => p != SandboxWrite).ToList() : All;
}
