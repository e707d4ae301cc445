using System.CommandLine;
using Rowell.Grains.Ledgers.Vectors;

namespace Rowell.Cli.Commands;

/// <summary>`rowell vectors check FILE`: our Stellar/Hedera key, address and transaction code against published vectors (offline).</summary>
internal static class VectorsCommands
{
    public static Command Build(CliRun run)
    {
        var file = new Argument<FileInfo>("file") { Description = "JSON vectors (sections stellar_keys, stellar_invalid_strkeys, stellar_transactions, hedera_keys, hedera_checksums)." };
        var check = new Command("check", "Check every vector; exit 0 only when all pass.").With(file);
        check.SetAction((pr, ct) => run.Guard(pr, async () =>
        {
            var report = LedgerVectorChecker.CheckFile(pr.GetValue(file)!.FullName);
            if (run.IsJson(pr))
            {
                await run.Context.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(new
                {
                    passed = report.Passed,
                    failed = report.Failed,
                    results = report.Results.Select(r => new { name = r.Name, passed = r.Passed, reason = r.Reason }),
                }, Rowell.Client.RowellJson.Indented));
            }
            else
            {
                foreach (var line in report.Lines())
                {
                    run.Context.Console.WriteLine(line);
                }
            }
            return report.Failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }, ct));
        return new Command("vectors", "Offline checks of the ledger code.").With(check);
    }
}
