using Rowell.Client;
using Rowell.Client.Models;

namespace Rowell.Tests.Clients;

[Collection(ClientsCollection.Name)]
public sealed class ClientIdempotencyAndPagingTests(ClientsFixture fixture)
{
    private static readonly CreateAccountRequest Kenyan = new("stellar", "testnet", "user", "KE");

    [Fact]
    public async Task Creates_get_a_fresh_key_each_call_and_an_explicit_key_replays_the_first_response()
    {
        var (_, key) = await fixture.NewDeveloperAsync();
        using var client = fixture.Client(key);
        // Automatic keys: two calls, two accounts.
        var a = await client.Accounts.CreateAsync(Kenyan);
        var b = await client.Accounts.CreateAsync(Kenyan);
        Assert.NotEqual(a.Id, b.Id);

        // One explicit key: the second call is the first response replayed, no new account.
        var options = new RequestOptions($"order-{Guid.NewGuid():N}");
        var first = await client.RequestAsync<Account>(HttpMethod.Post, "accounts", Kenyan, create: true, options);
        var again = await client.RequestAsync<Account>(HttpMethod.Post, "accounts", Kenyan, create: true, options);
        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.Data.Id, again.Data.Id);

        // Same key, different body: a typed conflict.
        var reused = await Assert.ThrowsAsync<RowellConflictException>(() =>
            client.Accounts.CreateAsync(Kenyan with { CountryCode = "NG" }, options));
        Assert.Equal(ErrorCodes.IdempotencyKeyReused, reused.Code);

        var all = new List<Account>();
        await foreach (var account in client.Accounts.ListAllAsync())
        {
            all.Add(account);
        }
        Assert.Equal(3, all.Count);
    }

    [Fact]
    public async Task Await_foreach_walks_every_page_newest_first_without_repeats()
    {
        var (_, key) = await fixture.NewDeveloperAsync();
        using var client = fixture.Client(key);
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await client.Accounts.CreateAsync(Kenyan with { AccountType = i % 2 == 0 ? "user" : "merchant" })).Id);
        }

        var first = await client.Accounts.ListAsync(page: new PageOptions(Limit: 3));
        Assert.Equal(3, first.Items.Count);
        Assert.True(first.HasMore);
        Assert.NotNull(first.NextCursor);

        var seen = new List<string>();
        await foreach (var account in client.Accounts.ListAllAsync(pageSize: 3))
        {
            seen.Add(account.Id);
        }
        Assert.Equal(Enumerable.Reverse(created), seen);

        var merchants = new List<Account>();
        await foreach (var account in client.Accounts.ListAllAsync(new AccountFilter(AccountType: "merchant"), pageSize: 2))
        {
            merchants.Add(account);
        }
        Assert.Equal(3, merchants.Count);
        Assert.All(merchants, m => Assert.Equal("merchant", m.AccountType));
    }
}
