using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Security;
using Rowell.Abstractions.Wallets;
using Rowell.Abstractions.Webhooks;
using Rowell.Grains.Compliance.Documents;
using Rowell.Grains.Events;
using Rowell.Grains.Hosting;
using Rowell.Grains.Storage;
using Rowell.Tests.Infrastructure;
using Rowell.Tools.Admin;

namespace Rowell.Tests.Security;

/// <summary>
/// Key rotation on a real Postgres cluster: wallets sealed under the old SECRET_KEY, silos restarted with the new key
/// and SECRET_KEY_PREVIOUS, Tools/Admin's reseal run (twice, and resumed), then silos with the new key alone can
/// still sign (and webhook secrets open) — and, as the control, could not before the reseal.
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
        // Loopback webhook targets allowed: the endpoint is never called here, only its secret matters.
        var before = TestSettings.Cluster(db, "reseal") with { SecretKey = oldKey, Events = new EventSettings { AllowHttp = true, AllowPrivate = true } };
        var webhookId = RowellIds.New(RowellIds.Webhook);
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
            await orleans.GetGrain<IWebhookSubscriptionGrain>(webhookId).Create(
                new CreateWebhookCommand(developer, "test", "http://127.0.0.1:9/hook", ["*"], null));
            return created.OrderBy(w => w.Id, StringComparer.Ordinal).ToList();
        });
        // 1b. A compliance verification whose document number is sealed under the old key (the row as the store writes it).
        var verificationId = "kyc_" + RowellIds.RandomToken(20);
        var sealedNumber = new DocumentVault(oldKey).Seal(verificationId, "A12345678");
        var record = System.Text.Json.JsonSerializer.Serialize(new { View = new { Id = verificationId }, Fingerprint = "f", FullName = "Amara Okafor",
            DateOfBirth = "1990-01-01", SealedDocumentNumber = sealedNumber });
        await TestPostgres.ScalarAsync<int>(db, $"""
            INSERT INTO rowell_kyc_verifications (id, developer_id, environment, account_id, status, risk_level, document_type, document_country, created_at, record)
            VALUES ('{verificationId}', '{developer}', 'testnet', 'acc_x', 'verified', 'low', 'passport', 'NG', now(), '{record}'::json) RETURNING 1
            """);
        var payment = new WalletPayment("pay-after-rotation", wallets[1].Address, "XLM", 10_000_000, 100, null);

        // 2. The control: with the new key alone, the old seals do not open.
        var newOnly = before with { SecretKey = newKey };
        await WithClusterAsync(newOnly, async orleans =>
        {
            var e = await Assert.ThrowsAnyAsync<Exception>(() => orleans.GetGrain<IWalletGrain>(wallets[0].Id).SubmitPayment(payment with { PaymentId = "control" }));
            Assert.Contains("does not open", e.Message);
            var w = await Assert.ThrowsAnyAsync<Exception>(() => Resealable(orleans, webhookId).Reseal());
            Assert.Contains("does not open", w.Message);
            return 0;
        });

        // 3. Rotation: new key + previous. Reseal in batches of 2, again (nothing left to do), and resumed mid-way.
        var rotating = before with { SecretKey = newKey, PreviousSecretKey = oldKey };
        await WithClusterAsync(rotating, async orleans =>
        {
            var log = new StringWriter();
            var first = await Reseal.RunAsync(orleans, log, new ResealOptions(2, null, null), CancellationToken.None);
            Assert.True(first.Completed, log.ToString());
            Assert.Equal((7L, 7L, 0L), (first.Checked, first.Resealed, first.AlreadyCurrent));   // 5 wallets + 1 webhook + 1 document
            Assert.Contains("[reseal] webhook.signing_secret: 1 checked so far", log.ToString());
            Assert.Contains("[reseal] wallet.signing_key: 2 checked so far", log.ToString());
            Assert.Contains("[reseal] wallet.signing_key: 4 checked so far", log.ToString());

            var again = await Reseal.RunAsync(orleans, TextWriter.Null, new ResealOptions(2, null, null), CancellationToken.None);
            Assert.Equal((7L, 0L, 7L), (again.Checked, again.Resealed, again.AlreadyCurrent));

            var resumed = await Reseal.RunAsync(orleans, TextWriter.Null, new ResealOptions(2, "wallet.signing_key", wallets[1].Id), CancellationToken.None);
            // Resumed after the second wallet: the three wallets left, then the columns after it.
            Assert.Equal((5L, 0L, 5L), (resumed.Checked, resumed.Resealed, resumed.AlreadyCurrent));
            return 0;
        });

        // 4. SECRET_KEY_PREVIOUS removed: every wallet still signs.
        await WithClusterAsync(newOnly, async orleans =>
        {
            var receipt = await orleans.GetGrain<IWalletGrain>(wallets[0].Id).SubmitPayment(payment);
            Assert.False(string.IsNullOrEmpty(receipt.Hash));
            foreach (var wallet in wallets.Skip(1))
            {
                Assert.Equal(ResealOutcome.AlreadyCurrent, await orleans.GetGrain<IWalletGrain>(wallet.Id).Reseal());
            }
            Assert.Equal(ResealOutcome.AlreadyCurrent, await Resealable(orleans, webhookId).Reseal());
            return 0;
        });

        // The document number now opens under the new key alone, and is the same number.
        var stored = await TestPostgres.ScalarAsync<string>(db, $"SELECT record->>'SealedDocumentNumber' FROM rowell_kyc_verifications WHERE id = '{verificationId}'");
        Assert.Equal("A12345678", new DocumentVault(newKey).Open(verificationId, Convert.FromBase64String(stored)));
        Assert.ThrowsAny<CryptographicException>(() => new DocumentVault(oldKey).Open(verificationId, Convert.FromBase64String(stored)));
    }

    private static IResealableGrain Resealable(IClusterClient orleans, string webhookId) =>
        orleans.GetGrain<IResealableGrain>(orleans.GetGrain<IWebhookSubscriptionGrain>(webhookId).GetGrainId());

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
