using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Grains.Storage;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Cluster;

/// <summary>The durable cluster on a real Postgres: schema, membership, storage and read models.</summary>
public sealed class PostgresClusterTests
{
    [Fact]
    public async Task The_schema_applies_twice_and_concurrently_without_error()
    {
        var db = await TestPostgres.CreateDatabaseAsync("schema");
        await PostgresSchema.ApplyAsync(db);
        await PostgresSchema.ApplyAsync(db);
        // Two silos starting together: the advisory lock serialises them.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PostgresSchema.ApplyAsync(db)));

        Assert.Equal(20L, await TestPostgres.ScalarAsync<long>(db, "SELECT count(*) FROM OrleansQuery"));
        Assert.True(await TestPostgres.ScalarAsync<bool>(db, "SELECT to_regclass('rowell_accounts') IS NOT NULL"));
        Assert.True(await TestPostgres.ScalarAsync<bool>(db, "SELECT to_regclass('sandbox_balances') IS NOT NULL"));
    }

    [Fact]
    public async Task An_account_survives_the_whole_cluster_stopping()
    {
        var db = await TestPostgres.CreateDatabaseAsync("durable");
        await PostgresSchema.ApplyAsync(db);
        var settings = TestSettings.Cluster(db, "durable");
        var developer = RowellIds.New(RowellIds.Developer);
        var accountId = RowellIds.New(RowellIds.Account);
        AccountView created;

        var silo1 = await TestHosts.StartSiloAsync(settings);
        var silo2 = await TestHosts.StartSiloAsync(settings);
        var client = await TestHosts.StartClientAsync(settings);
        try
        {
            var orleans = client.Services.GetRequiredService<IClusterClient>();
            Assert.Equal(2, (await orleans.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count);
            created = await orleans.GetGrain<IAccountGrain>(accountId).Create(new CreateAccountCommand(
                developer, Network.Hedera, LedgerEnvironment.Testnet, AccountType.Anchor, "UG", new Dictionary<string, string> { ["k"] = "v" }));
        }
        finally
        {
            await client.StopAsync();
            await silo1.StopAsync();
            await silo2.StopAsync();
            client.Dispose();
            silo1.Dispose();
            silo2.Dispose();
        }

        var silo3 = await TestHosts.StartSiloAsync(settings);
        var client2 = await TestHosts.StartClientAsync(settings);
        try
        {
            var orleans = client2.Services.GetRequiredService<IClusterClient>();
            var read = await orleans.GetGrain<IAccountGrain>(accountId).Get(developer);
            Assert.NotNull(read);
            Assert.Equal(created.Wallets.Single().Address, read.Wallets.Single().Address);
            Assert.Equal("v", read.Metadata["k"]);
            Assert.Equal(AccountType.Anchor, read.AccountType);

            var balances = await orleans.GetGrain<IAccountGrain>(accountId).GetBalances(developer);
            Assert.Equal(10_000m, balances.Single(b => b.AssetCode == "HBAR").Balance);

            var page = await orleans.GetGrain<IAccountQueryGrain>(0).List(developer, new AccountFilter(), new PageRequest(10, null, null));
            Assert.Equal(accountId, Assert.Single(page.Items).Id);

            // The state really is in Postgres, in Orleans' storage table, and the key is not in it in clear.
            Assert.True(await TestPostgres.ScalarAsync<long>(db, "SELECT count(*) FROM OrleansStorage") >= 2);
        }
        finally
        {
            await client2.StopAsync();
            await silo3.StopAsync();
        }
    }

    [Fact]
    public async Task The_api_as_a_client_finds_the_silos_through_the_membership_table()
    {
        var db = await TestPostgres.CreateDatabaseAsync("apiclient");
        await PostgresSchema.ApplyAsync(db);
        var settings = TestSettings.Cluster(db, "apiclient");
        using var silo = await TestHosts.StartSiloAsync(settings);
        try
        {
            await using var api = new ApiFactory(settings);
            var (client, _, _) = await api.NewDeveloperAsync();
            var account = await Http.CreateAccountAsync(client, "stellar", "EG");
            var id = account.GetProperty("id").GetString();
            var list = await Http.ReadAsync(await client.GetAsync("/api/v1/accounts?country_code=EG"), 200);
            Assert.Equal(id, list.GetProperty("data").GetProperty("items")[0].GetProperty("id").GetString());
            var ready = await Http.ReadAsync(await api.CreateClient().GetAsync("/health/ready"), 200);
            Assert.Equal("ok", ready.GetProperty("data").GetProperty("checks").GetProperty("postgres").GetString());

            Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(db, "SELECT count(*) FROM rowell_accounts"));
            Assert.True(await TestPostgres.ScalarAsync<long>(db, "SELECT count(*) FROM OrleansMembershipTable WHERE status = 3") >= 1);
        }
        finally
        {
            await silo.StopAsync();
        }
    }
}
