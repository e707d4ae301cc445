using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Rowell.Grains.Hosting;
using Rowell.Grains.Wallets;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Security;

/// <summary>SECRET_KEY must carry ≥ 32 bytes of entropy and may not be a placeholder; only silos need it.</summary>
public sealed class SecretKeyRefusalTests
{
    public static TheoryData<string> Refused => new()
    {
        "your-secret-key-change-in-production",   // .env.example's placeholder
        "YOUR-SECRET-KEY-CHANGE-IN-PRODUCTION",
        "changeme",
        "please-change-me-0123456789abcdefghijklmnopqrstuvwxyz",
        "test-secret-key-of-sufficient-length",    // 36 characters, but about 216 bits
        "0123456789abcdef0123456789abcdef",         // 32 hex digits = 16 bytes
        new string('a', 200),                       // long, but one character
        string.Concat(Enumerable.Repeat("ab", 100)),
        "short",
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Weak_or_documented_keys_are_refused_with_a_clear_message(string key)
    {
        var problem = SecretKeyPolicy.Problem(key);
        Assert.NotNull(problem);
        Assert.Contains("SECRET_KEY", problem);
        Assert.Contains("openssl rand -hex 32", problem);
    }

    [Fact]
    public void Every_key_openssl_makes_is_accepted()
    {
        for (var i = 0; i < 500; i++)
        {
            var bytes = RandomNumberGenerator.GetBytes(32);
            Assert.Null(SecretKeyPolicy.Problem(Convert.ToHexStringLower(bytes)));   // openssl rand -hex 32
            Assert.Null(SecretKeyPolicy.Problem(Convert.ToBase64String(bytes)));     // openssl rand -base64 32
        }
        Assert.Null(SecretKeyPolicy.Problem(TestSettings.SecretKey));
    }

    [Fact]
    public void The_placeholder_in_env_example_is_refused()
    {
        var line = File.ReadAllLines(Path.Combine(Configuration.Repo.Root, ".env.example")).Single(l => l.StartsWith("SECRET_KEY=", StringComparison.Ordinal));
        Assert.NotNull(SecretKeyPolicy.Problem(line["SECRET_KEY=".Length..]));
    }

    [Fact]
    public void A_silo_vault_refuses_a_weak_key_but_an_old_weak_key_may_still_open_seals()
    {
        var weak = TestSettings.Embedded() with { SecretKey = "test-secret-key-of-sufficient-length" };
        var e = Assert.Throws<InvalidOperationException>(() => WalletKeyVault.For(weak));
        Assert.Contains("entropy", e.Message);

        // Rotating away from a weak key is what SECRET_KEY_PREVIOUS is for: it is not held to the new rule.
        var sealedUnderOld = new WalletKeyVault("test-secret-key-of-sufficient-length").Seal("wal_A", [1, 2, 3]);
        var rotating = WalletKeyVault.For(TestSettings.Embedded() with { PreviousSecretKey = "test-secret-key-of-sufficient-length" });
        Assert.Equal([1, 2, 3], rotating.Open("wal_A", sealedUnderOld));
    }

    [Fact]
    public void The_api_in_cluster_mode_needs_no_secret_key()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ROWELL_CLUSTER"] = "postgres",
            ["DATABASE_URL"] = "postgresql://rowell:rowell@127.0.0.1:5432/rowell",
        }).Build();
        var settings = RowellSettings.From(config);
        Assert.Equal("", settings.SecretKey);
        Assert.False(settings.SecretKeyIsEphemeral);
    }

    [Theory]
    [InlineData("your-secret-key-change-in-production", "placeholder")]
    [InlineData("", "not set")]
    public async Task The_silo_process_refuses_to_start(string key, string expected)
    {
        var info = new ProcessStartInfo("dotnet", SiloProcess.SiloAssembly)
        {
            WorkingDirectory = Path.GetDirectoryName(SiloProcess.SiloAssembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ROWELL_CLUSTER"] = "postgres";
        // Never reached: the key is checked before the database is touched.
        info.Environment["DATABASE_URL"] = "postgresql://nobody:nothing@127.0.0.1:1/none";
        info.Environment["SECRET_KEY"] = key;
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(2, process.ExitCode);
        var message = await stderr;
        Assert.Contains("Refusing to start", message);
        Assert.Contains(expected, message);
    }
}
