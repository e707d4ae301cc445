using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Platform;

/// <summary>
/// One embedded API with the in-process limiter (REDIS_URL blanked even when scripts/test.sh exports it),
/// a small free tier so limits are cheap to reach, and the admin endpoints on.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public const int FreeLimit = 100;

    public ApiFactory Factory { get; } = new(TestSettings.Embedded(), new Dictionary<string, string>
    {
        ["REDIS_URL"] = "",
        ["ADMIN_TOKEN"] = PlatformClient.AdminToken,
        ["ROWELL_RATE_LIMIT_FREE"] = FreeLimit.ToString(),
        ["ROWELL_USAGE_FLUSH_SECONDS"] = "1",
    });

    public Task InitializeAsync()
    {
        Factory.CreateClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
