namespace Rowell.Grains.Developers;

[GenerateSerializer, Alias("rowell.developer-state")]
public sealed class DeveloperState
{
    [Id(0)] public string Email { get; set; } = "";
    [Id(1)] public string FirstName { get; set; } = "";
    [Id(2)] public string LastName { get; set; } = "";
    [Id(3)] public string? Company { get; set; }
    [Id(4)] public string? CountryCode { get; set; }
    [Id(5)] public string Tier { get; set; } = "free";
    [Id(6)] public List<string> ApiKeyIds { get; set; } = new();
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Enterprise only: requests per minute instead of the tier default.</summary>
    [Id(8)] public int? CustomRateLimit { get; set; }
    /// <summary>Usage per UTC day ("yyyy-MM-dd"), fed by the API's periodic flushes; pruned to <see cref="DeveloperGrain.UsageDaysKept"/>.</summary>
    [Id(9)] public Dictionary<string, DayUsageState> Usage { get; set; } = new();
}

[GenerateSerializer, Alias("rowell.day-usage-state")]
public sealed class DayUsageState
{
    [Id(0)] public long Requests { get; set; }
    [Id(1)] public long RateLimited { get; set; }
    [Id(2)] public Dictionary<string, long> Endpoints { get; set; } = new();
}

[GenerateSerializer, Alias("rowell.api-key-state")]
public sealed class ApiKeyState
{
    [Id(0)] public string DeveloperId { get; set; } = "";
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public string Mode { get; set; } = "test";
    /// <summary>SHA-256 of the whole secret. The secret itself is never stored.</summary>
    [Id(3)] public byte[] SecretHash { get; set; } = [];
    [Id(4)] public string Prefix { get; set; } = "";
    [Id(5)] public List<string> Permissions { get; set; } = new();
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    [Id(7)] public DateTimeOffset? RevokedAt { get; set; }
    [Id(8)] public DateTimeOffset? ExpiresAt { get; set; }
    [Id(9)] public string Tier { get; set; } = "free";
    [Id(10)] public int? CustomRateLimit { get; set; }
    /// <summary>Events written with this state and not yet known to be in the event log (see PendingEvent).</summary>
    [Id(11)] public List<Events.PendingEvent> PendingEvents { get; set; } = new();
}

[GenerateSerializer, Alias("rowell.email-claim-state")]
public sealed class EmailClaimState
{
    [Id(0)] public string DeveloperId { get; set; } = "";
}
