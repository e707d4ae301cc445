namespace Rowell.Client.Models;

public sealed record Developer(string Id, string Object, string Email, string FirstName, string LastName, string? Company,
    string? CountryCode, string Tier, int? RateLimit, DateTimeOffset CreatedAt);

/// <summary><see cref="Secret"/> is present only in the response that created the key.</summary>
public sealed record ApiKey(string Id, string Object, string Name, string Mode, string Prefix, IReadOnlyList<string> Permissions,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string Status, string? Secret);

public sealed record Registration(Developer Developer, ApiKey ApiKey, string Notice);

public sealed record RegisterDeveloperRequest(string Email, string FirstName, string LastName, string? Company = null, string? CountryCode = null);

public sealed record CreateApiKeyRequest(string Name, string Mode, IReadOnlyList<string>? Permissions = null, DateTimeOffset? ExpiresAt = null);

public sealed record Usage(long TotalRequests, IReadOnlyList<UsageDay> Days);

public sealed record UsageDay(string Date, long Requests, long RateLimited, IReadOnlyList<UsageEndpoint> Endpoints);

public sealed record UsageEndpoint(string Endpoint, long Requests);
