using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Api;

/// <summary>One embedded API (co-hosted silo) shared by the HTTP tests; each test registers its own developer.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public ApiFactory Factory { get; } = new();

    public Task InitializeAsync()
    {
        Factory.CreateClient().Dispose(); // boots the host and its silo once
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
