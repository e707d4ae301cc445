using Rowell.Grains.Ledgers.Vectors;

// Checks our Stellar/Hedera code against a JSON file of published test vectors.
// Usage: dotnet run --project Tools/LedgerVectors -- FILE.json
// Prints one "PASS name" / "FAIL name: reason" line per case, then "N passed, N failed".
// Exit code: 0 when every case passes, 1 when any fails, 2 on bad usage.
if (args.Length != 1 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: LedgerVectors FILE.json");
    return 2;
}

var report = LedgerVectorChecker.CheckFile(args[0]);
foreach (var line in report.Lines())
{
    Console.WriteLine(line);
}
return report.Failed == 0 ? 0 : 1;
