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
    [property: Id(7)] DateTimeOffset CreatedAt);

/// <summary>Public metadata of an API key. The secret is shown once, in <see cref="IssuedApiKey"/>.</summary>
[GenerateSerializer, Immutable, Alias("rowell.api-key-view")]
public sealed record ApiKeyView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Mode,
    [property: Id(3)] string Prefix,
    [property: Id(4)] IReadOnlyList<string> Permissions,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset? RevokedAt);

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
    [property: Id(4)] string Tier);
