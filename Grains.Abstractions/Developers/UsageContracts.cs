namespace Rowell.Abstractions.Developers;

/// <summary>
/// Request counts one API process gathered since its last flush, per UTC day and endpoint
/// (route template such as "GET /api/v1/accounts/{id}", never a raw path with ids).
/// </summary>
[GenerateSerializer, Immutable, Alias("rowell.usage-count")]
public sealed record UsageCount(
    [property: Id(0)] string Day,
    [property: Id(1)] string Endpoint,
    [property: Id(2)] long Requests,
    [property: Id(3)] long RateLimited);

[GenerateSerializer, Immutable, Alias("rowell.usage-day")]
public sealed record UsageDay(
    [property: Id(0)] string Day,
    [property: Id(1)] long Requests,
    [property: Id(2)] long RateLimited,
    [property: Id(3)] IReadOnlyDictionary<string, long> Endpoints);
