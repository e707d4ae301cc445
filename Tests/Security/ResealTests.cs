using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Wallets;
using Rowell.Grains.Hosting;
using Rowell.Grains.Storage;
using Rowell.Tests.Infrastructure;
using Rowell.Tools.Admin;

namespace Rowell.Tests.Security;

/// <summary>
/// Key rotation on a real Postgres cluster: wallets sealed under the old SECRET_KEY, silos restarted with the new key
/// and SECRET_KEY_PREVIOUS, Tools/Admin's reseal run (twice, and resumed), then silos with the new key alone can
/// still sign — and, as the control, could not before the reseal.
/// </summary>
public sealed class ResealTests
{
    [Fact]
    public async Task Reseal_moves_every_wallet_key_to_the_new_secret_idempotently_and_resumably()
    {
        var db = await TestPostgres.CreateDatabaseAsync("reseal");
        await PostgresSchema.ApplyAsync(db);
        var oldKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var newKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var before = TestSettings.Cluster(db, "reseal") with { SecretKey = oldKey };
        var developer = RowellIds.New(RowellIds.Developer);

        // 1. Five accounts, each with a Stellar wallet sealed under the old key.
        var wallets = await WithClusterAsync(before, async orleans =>
        {
            var created = new List<WalletView>();
            for (var i = 0; i < 5; i++)
            {
                var account = await orleans.GetGrain<IAccountGrain>(RowellIds.New(RowellIds.Account)).Create(new CreateAccountCommand(
                    developer, Network.Stellar, LedgerEnvironment.Testnet, AccountType.User, "NG", new Dictionary<string, string>()));
                created.Add(account.Wallets.Single());
            }
            return created.OrderBy(w => w.Id, StringComparer.Ordinal).ToList();
        });
        var payment = new WalletPayment("pay-after-rotation", wallets[1].Address, "XLM", 10_000_000, 100, null);

        // 2. The control: with the new key alone, the old seals do not open.
        var newOnly = before with { SecretKey = newKey };
        await WithClusterAsync(newOnly, async orleans =>
        {
            var e = await Assert.ThrowsAnyAsync<Exception>(() => orleans.GetGrain<IWalletGrain>(wallets[0].Id).SubmitPayment(payment with { PaymentId = "control" }));
            Assert.Contains("does not open", e.Message);
            return 0;
        });

        // 3. Rotation: new key + previous. Reseal in batches of 2, again (nothing left to do), and resumed mid-way.
        var rotating = before with { SecretKey = newKey, PreviousSecretKey = oldKey };
        await WithClusterAsync(rotating, async orleans =>
        {
            var log = new StringWriter();
            var first = await Reseal.RunAsync(orleans, log, new ResealOptions(2, null, null), CancellationToken.None);
            Assert.True(first.Completed, log.ToString());
            Assert.Equal((5L, 5L, 0L), (first.Checked, first.Resealed, first.AlreadyCurrent));
            Assert.Contains("[reseal] wallet.signing_key: 2 checked so far", log.ToString());
            Assert.Contains("[reseal] wallet.signing_key: 4 checked so far", log.ToString());

            var again = await Reseal.RunAsync(orleans, TextWriter.Null, new ResealOptions(2, null, null), CancellationToken.None);
            Assert.Equal((5L, 0L, 5L), (again.Checked, again.Resealed, again.AlreadyCurrent));

            var resumed = await Reseal.RunAsync(orleans, TextWriter.Null, new ResealOptions(2, "wallet.signing_key", wallets[1].Id), CancellationToken.None);
            Assert.Equal((3L, 0L, 3L), (resumed.Checked, resumed.Resealed, resumed.AlreadyCurrent));
            return 0;
        });

        // 4. SECRET_KEY_PREVIOUS removed: every wallet still signs.
        await WithClusterAsync(newOnly, async orleans =>
        {
            var receipt = await orleans.GetGrain<IWalletGrain>(wallets[0].Id).SubmitPayment(payment);
            Assert.False(string.IsNullOrEmpty(receipt.Hash));
            foreach (var wallet in wallets.Skip(1))
            {
                Assert.Equal(Abstractions.Security.ResealOutcome.AlreadyCurrent, await orleans.GetGrain<IWalletGrain>(wallet.Id).Reseal());
            }
            return 0;
        });
    }

    private static async Task<T> WithClusterAsync<T>(RowellSettings settings, Func<IClusterClient, Task<T>> work)
    {
        var silo = await TestHosts.StartSiloAsync(settings);
        var client = await TestHosts.StartClientAsync(settings);
        try
        {
            return await work(client.Services.GetRequiredService<IClusterClient>());
        }
        finally
        {
            await client.StopAsync();
            await silo.StopAsync();
            client.Dispose();
            silo.Dispose();
        }
    }
}
