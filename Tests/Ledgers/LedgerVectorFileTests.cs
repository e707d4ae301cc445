using System.Runtime.CompilerServices;
using Rowell.Grains.Ledgers.Vectors;

namespace Rowell.Tests.Ledgers;

public class LedgerVectorFileTests
{
    // The vectors file sits next to this source file; its sources are listed in README.md beside it.
    private static string VectorsPath([CallerFilePath] string thisFile = "")
    {
        var beside = Path.Combine(Path.GetDirectoryName(thisFile) ?? ".", "ledger-vectors.json");
        if (File.Exists(beside))
        {
            return beside;
        }
        // source paths can be mapped away (deterministic CI builds): walk up from the test binaries instead
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Tests", "Ledgers", "ledger-vectors.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return beside;
    }

    [Fact]
    public void ShippedVectors_AllPass()
    {
        var report = LedgerVectorChecker.CheckFile(VectorsPath());
        var failures = string.Join(Environment.NewLine, report.Results.Where(r => !r.Passed));
        Assert.True(report.Failed == 0, failures);
        // every section contributes cases: 4 keys, 14 invalid strkeys, 6 transactions, 2 hedera keys, 3 checksums
        Assert.Equal(29, report.Passed);
        Assert.Equal($"{report.Passed} passed, 0 failed", report.Lines().Last());
    }

    [Fact]
    public void WrongVectors_Fail()
    {
        const string json = """
        {
          "stellar_keys": [{"name": "wrong account", "seed_hex": "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                            "account_id": "GBPMKIRA2OQW2XZZQUCQILI5TMVZ6JNRKM423BSAISDM7ZFWQ6KWEBC4"}],
          "stellar_invalid_strkeys": ["GDLVVGABQKYQVN6VJP7NHSLEA45A5YLS6PNKMIZFV4BBU2HXA5IRVHUR"],
          "stellar_transactions": [{"name": "wrong hash", "network_passphrase": "Test SDF Network ; September 2015",
             "source_seed_hex": "8fafd699cfa80507df08da5f141cd61816404155ec66147d9e7d2ee722c9571b",
             "tx_sequence": "2908908335136769", "total_fee_stroops": "100", "time_bounds": {"min_time": 10, "max_time": 11},
             "operations": [{"type": "payment", "destination": "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ", "amount": "200.0000001"}],
             "expected": {"tx_hash_hex": "2a8ead3351faa7797b284f59027355ddd69c21adb8e4da0b9bb95531f7f32681"}},
             {"name": "too many decimals", "network_passphrase": "x", "source_seed_hex": "8fafd699cfa80507df08da5f141cd61816404155ec66147d9e7d2ee722c9571b",
             "tx_sequence": "1", "total_fee_stroops": "100",
             "operations": [{"type": "payment", "destination": "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ", "amount": "1.00000001"}],
             "expected": {"tx_hash_hex": "00"}}],
          "hedera_keys": [{"name": "wrong signature", "seed_hex": "db484b828e64b2d8f12ce3c0a0e93a0b8cce7af1bb8f39c97732394482538e10",
             "message_hex": "00", "signature_hex": "73bea53f31ca9c42a422ecb7516ec08d0bbd1a6bfd630ccf10ec1872454814d29f4a8011129cd007eab544af01a75f508285b591e5bed24b68f927751e49e30e"}],
          "hedera_checksums": [{"name": "wrong network", "account_id": "0.0.123", "network": "testnet", "checksum": "vfmkw"}],
          "bogus_section": []
        }
        """;
        var report = LedgerVectorChecker.CheckJson(json);
        Assert.Equal(0, report.Passed);
        Assert.Equal(7, report.Failed);
        Assert.Equal("0 passed, 7 failed", report.Lines().Last());
        Assert.All(report.Lines().SkipLast(1), line => Assert.StartsWith("FAIL ", line));
        Assert.Contains(report.Results, r => r.Name == "stellar_transactions/wrong hash" && r.Reason!.Contains("tx_hash_hex"));
        Assert.Contains(report.Results, r => r.Name == "stellar_transactions/too many decimals" && r.Reason!.Contains("7 decimal"));
    }

    [Fact]
    public void BrokenInput_Fails()
    {
        Assert.Equal(1, LedgerVectorChecker.CheckJson("{not json").Failed);
        Assert.Equal(1, LedgerVectorChecker.CheckJson("[]").Failed);
        Assert.Equal(1, LedgerVectorChecker.CheckFile("/nonexistent/ledger-vectors.json").Failed);
        var empty = LedgerVectorChecker.CheckJson("{}");
        Assert.Equal("0 passed, 0 failed", empty.Summary);
    }
}
