using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rowell.Abstractions.Common;
using Rowell.Grains.Hosting;
using Rowell.Grains.Ledgers;
using Rowell.Grains.Ledgers.Stellar;

// The opt-in live check against the PUBLIC Stellar testnet (and Hedera testnet when an operator is set):
// friendbot creates and funds two accounts, the first pays the second 1 XLM, balances are read back.
// Run it with scripts/live-testnet.sh. Without ROWELL_LIVE_TESTNET=1 it does nothing and says so.
if (Environment.GetEnvironmentVariable("ROWELL_LIVE_TESTNET") != "1")
{
    Console.WriteLine("live testnet test not run: set ROWELL_LIVE_TESTNET=1 (needs internet access to Horizon testnet and friendbot)");
    return 0;
}

var config = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection([new("ROWELL_LEDGER", "testnet")]).Build();
var settings = RowellSettings.From(config);
await using var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
    .AddRowellLedgers(settings).BuildServiceProvider();
var registry = services.GetRequiredService<LedgerRegistry>();
var failures = 0;

void Check(bool ok, string what)
{
    Console.WriteLine($"{(ok ? "PASS" : "FAIL")} {what}");
    failures += ok ? 0 : 1;
}

// Stellar: friendbot → payment → balances.
var stellar = registry.For(Network.Stellar);
var seedA = RandomNumberGenerator.GetBytes(32);
var seedB = RandomNumberGenerator.GetBytes(32);
using var a = StellarKeyPair.FromSeed(seedA);
using var b = StellarKeyPair.FromSeed(seedB);
var addrA = await stellar.CreateAccountAsync(LedgerEnvironment.Testnet, a.PublicKey, default);
var addrB = await stellar.CreateAccountAsync(LedgerEnvironment.Testnet, b.PublicKey, default);
Console.WriteLine($"stellar accounts {addrA} {addrB} (Horizon {settings.Ledgers.StellarTestnetUrl})");
var before = await stellar.GetBalancesAsync(LedgerEnvironment.Testnet, addrB, default);
Check(before.Any(x => x.AssetCode == "XLM" && x.AmountMinor > 0), $"friendbot funded {addrB}: {string.Join(", ", before)}");
var payment = new LedgerPayment("live_" + Guid.NewGuid().ToString("N"), LedgerEnvironment.Testnet, addrA, addrB,
    AssetCatalog.Native(Network.Stellar, LedgerEnvironment.Testnet), StellarAmount.StroopsPerUnit, 100, "rowell live test", seedA);
var result = await stellar.SubmitPaymentAsync(payment, default);
Console.WriteLine($"stellar payment {result.Hash} {result.Status}");
Check(result.Status == LedgerTxStatus.Success, "1 XLM payment applied");
var again = await stellar.SubmitPaymentAsync(payment, default);
Check(again.Hash == result.Hash, "re-submitting the same payment id returns the same transaction");
var after = await stellar.GetBalancesAsync(LedgerEnvironment.Testnet, addrB, default);
var xlmBefore = before.First(x => x.AssetCode == "XLM").AmountMinor;
var xlmAfter = after.First(x => x.AssetCode == "XLM").AmountMinor;
Check(xlmAfter - xlmBefore == StellarAmount.StroopsPerUnit, $"receiver balance {StellarAmount.FormatStroops(xlmBefore)} → {StellarAmount.FormatStroops(xlmAfter)} XLM");
var seen = await stellar.GetTransactionAsync(result.Hash, default);
Check(seen?.Status == LedgerTxStatus.Success, "Horizon reports the transaction by hash");

// Hedera: only with an operator (testnet accounts come from portal.hedera.com).
if (settings.Ledgers.HederaOperatorId is null)
{
    Console.WriteLine("hedera part not run: set HEDERA_OPERATOR_ID and HEDERA_OPERATOR_KEY");
}
else
{
    var hedera = registry.For(Network.Hedera);
    var seedC = RandomNumberGenerator.GetBytes(32);
    var seedD = RandomNumberGenerator.GetBytes(32);
    var c = await hedera.CreateAccountAsync(LedgerEnvironment.Testnet, Rowell.Grains.Ledgers.Hedera.HederaTransactions.PublicKeyOf(seedC), default);
    var d = await hedera.CreateAccountAsync(LedgerEnvironment.Testnet, Rowell.Grains.Ledgers.Hedera.HederaTransactions.PublicKeyOf(seedD), default);
    Console.WriteLine($"hedera accounts {c} {d}");
    var hbar = await hedera.SubmitPaymentAsync(new LedgerPayment("live_" + Guid.NewGuid().ToString("N"), LedgerEnvironment.Testnet, c, d,
        AssetCatalog.Native(Network.Hedera, LedgerEnvironment.Testnet), 10_000_000, 0, "rowell live test", seedC), default);
    Check(hbar.Status == LedgerTxStatus.Success, $"0.1 HBAR transfer {hbar.Hash}");
}

Console.WriteLine(failures == 0 ? "live testnet: all checks passed" : $"live testnet: {failures} check(s) failed");
return failures == 0 ? 0 : 1;
