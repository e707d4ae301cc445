using Rowell.Client;
using Rowell.Client.Models;
using Rowell.Tests.Infrastructure;
using Rowell.Tests.Platform;

namespace Rowell.Tests.Clients;

/// <summary>
/// One embedded API for the client and CLI tests: in-process limiter with a 2 s window (so a 429's Retry-After is
/// short enough to wait for), a generous free tier, admin endpoints on, plain-http loopback webhooks allowed.
/// </summary>
public sealed class ClientsFixture : IAsyncLifetime
{
    public ApiFactory Factory { get; } = new(TestSettings.Embedded(), new Dictionary<string, string>
    {
        ["REDIS_URL"] = "",
        ["ADMIN_TOKEN"] = PlatformClient.AdminToken,
        ["ROWELL_RATE_LIMIT_FREE"] = "10000",
        ["ROWELL_RATE_LIMIT_WINDOW_SECONDS"] = "2",
        ["ROWELL_WEBHOOKS_ALLOW_HTTP"] = "true",
        ["ROWELL_WEBHOOKS_ALLOW_PRIVATE"] = "true",
        ["ROWELL_WEBHOOK_RETRY_SCHEDULE"] = "0s,1s,1s",
    });

    public Task InitializeAsync()
    {
        Factory.CreateClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>A client on the test server with the given key (none: anonymous).</summary>
    public RowellClient Client(string? key, int maxRetries = 3, TimeSpan? maxRetryAfter = null) => new(new RowellClientOptions
    {
        BaseUrl = Factory.Server.BaseAddress,
        ApiKey = key,
        Handler = Factory.Server.CreateHandler(),
        MaxRetries = maxRetries,
        MaxRetryAfter = maxRetryAfter ?? TimeSpan.FromSeconds(30),
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
    });

    /// <summary>Registers a fresh developer through the client; returns its id and sk_test_ key.</summary>
    public async Task<(string DeveloperId, string Key)> NewDeveloperAsync()
    {
        using var anonymous = Client(null);
        var registration = await anonymous.Developers.RegisterAsync(new RegisterDeveloperRequest($"dev{Guid.NewGuid():N}@example.com", "Client", "Tester"));
        return (registration.Developer.Id, registration.ApiKey.Secret!);
    }
}

[CollectionDefinition(Name)]
public sealed class ClientsCollection : ICollectionFixture<ClientsFixture>
{
    public const string Name = "clients";
}
