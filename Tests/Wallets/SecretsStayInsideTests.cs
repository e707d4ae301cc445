using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using NSec.Cryptography;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;
using Rowell.Grains.Ledgers.Stellar;
using Rowell.Grains.Wallets;

namespace Rowell.Tests.Wallets;

public sealed class SecretsStayInsideTests
{
    [Fact]
    public void No_dto_that_crosses_the_grain_boundary_carries_key_material()
    {
        var forbidden = new[] { "seed", "private", "sealed", "secrethash", "passwordhash" };
        var offenders = typeof(AccountView).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<GenerateSerializerAttribute>() is not null)
            // The deliberate exceptions are secrets shown once, to their owner, when they are made:
            // IssuedApiKey.Secret (an API key) and CreatedWebhook.Secret (a webhook signing secret, also on rotation).
            .Where(t => t != typeof(IssuedApiKey) && t != typeof(Rowell.Abstractions.Webhooks.CreatedWebhook) && t != typeof(RowellException))
            .SelectMany(t => t.GetProperties().Select(p => $"{t.Name}.{p.Name}"))
            .Where(name => forbidden.Any(f => name.Split('.')[1].Contains(f, StringComparison.OrdinalIgnoreCase))
                           || name.EndsWith(".Secret", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Sealed_keys_open_only_with_the_right_secret_key_and_wallet_id()
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        var vault = new WalletKeyVault("the-right-secret-key-1234");
        var sealedKey = vault.Seal("wal_A", seed);

        Assert.Equal(seed, vault.Open("wal_A", sealedKey));
        Assert.ThrowsAny<CryptographicException>(() => new WalletKeyVault("a-wrong-secret-key-12345").Open("wal_A", sealedKey));
        Assert.ThrowsAny<CryptographicException>(() => vault.Open("wal_B", sealedKey));
        var tampered = (byte[])sealedKey.Clone();
        tampered[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => vault.Open("wal_A", tampered));
        Assert.DoesNotContain(Convert.ToHexString(seed), Convert.ToHexString(sealedKey));
    }

    [Fact]
    public void A_short_secret_key_is_refused() =>
        Assert.Throws<ArgumentException>(() => new WalletKeyVault("short"));

    [Fact]
    public void A_wallet_key_round_trips_through_the_vault_to_the_same_stellar_address()
    {
        using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var seed = key.Export(KeyBlobFormat.RawPrivateKey);
        var address = StrKey.EncodeAccountId(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        var vault = new WalletKeyVault("the-right-secret-key-1234");
        var opened = vault.Open("wal_X", vault.Seal("wal_X", seed));
        using var reopened = Key.Import(SignatureAlgorithm.Ed25519, opened, KeyBlobFormat.RawPrivateKey);
        Assert.Equal(address, StrKey.EncodeAccountId(reopened.PublicKey.Export(KeyBlobFormat.RawPublicKey)));
    }
}
