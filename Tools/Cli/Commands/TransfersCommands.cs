using System.CommandLine;
using Rowell.Client;
using Rowell.Client.Models;
using Spectre.Console;

namespace Rowell.Cli.Commands;

internal static class TransfersCommands
{
    public static Command Build(CliRun run) => new Command("transfers", "Send money and follow it to the ledger.")
        .With(Create(run), Get(run), List(run), Watch(run));

    private static Command Create(CliRun run)
    {
        var from = Opt.Required("--from", "Your acc_ id to send from.");
        var to = Opt.Required("--to", "An acc_ id or an external ledger address.");
        var asset = Opt.Required("--asset", "XLM, HBAR or USDC");
        var amount = Opt.Required("--amount", "Decimal amount, e.g. 12.50");
        var memo = Opt.Optional("--memo", "Ledger memo.");
        var idem = Opt.Optional("--idempotency-key", "Reuse to make a retried create safe (default: a fresh key).");
        var watch = new Option<bool>("--watch") { Description = "Then follow the timeline until the transfer is final." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait with --watch.", DefaultValueFactory = _ => 120 };
        var command = new Command("create", "Create a transfer.").With(from, to, asset, amount, memo, idem, watch, timeout);
        command.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var transfer = await client.Transfers.CreateAsync(new CreateTransferRequest(pr.GetValue(from)!, pr.GetValue(to)!, pr.GetValue(asset)!, pr.GetValue(amount)!, pr.GetValue(memo)),
                pr.GetValue(idem) is { } k ? new RequestOptions(k) : null, ct);
            if (!pr.GetValue(watch))
            {
                return await Output.EmitAsync(run, pr, transfer, c => c.Write(Describe(transfer)));
            }
            if (!run.IsJson(pr))
            {
                run.Context.Console.WriteLine($"Created {transfer.Id} ({transfer.Amount} {transfer.AssetCode}); following its timeline…");
            }
            return await FollowAsync(run, pr, client, transfer.Id, TimeSpan.FromSeconds(pr.GetValue(timeout)), ct);
        }));
        return command;
    }

    private static Command Get(CliRun run)
    {
        var id = Opt.Id("id", "tr_ id");
        var command = new Command("get", "One transfer.").With(id);
        command.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var t = await client.Transfers.GetAsync(pr.GetValue(id)!, ct);
            return await Output.EmitAsync(run, pr, t, c => c.Write(Describe(t)));
        }));
        return command;
    }

    private static Command List(CliRun run)
    {
        var status = Opt.Optional("--status", "pending, compliance_review, submitted, completed, failed, rejected");
        var asset = Opt.Optional("--asset", "XLM, HBAR or USDC");
        var network = Opt.Optional("--network", "stellar or hedera");
        var account = Opt.Optional("--account", "Only transfers of this acc_ id.");
        var fromCountry = Opt.Optional("--from-country", "Sender country.");
        var toCountry = Opt.Optional("--to-country", "Receiver country.");
        var page = new PageOpts();
        var command = new Command("list", "Your transfers, newest first.").With(status, asset, network, account, fromCountry, toCountry).With(page.Symbols);
        command.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var filter = new TransferFilter(pr.GetValue(status), pr.GetValue(asset), pr.GetValue(network), pr.GetValue(fromCountry), pr.GetValue(toCountry), pr.GetValue(account));
            var result = await page.FetchAsync(pr, p => client.Transfers.ListAsync(filter, p, ct), () => client.Transfers.ListAllAsync(filter, ct: ct));
            return await Output.EmitPageAsync(run, pr, result,
                ["id", "status", "amount", "asset", "from", "to", "corridor", "created"],
                t => [t.Id, t.Status, t.Amount, t.AssetCode, t.FromAccount, t.ToAccount ?? t.ToAddress, $"{t.FromCountry}→{t.ToCountry}", Output.When(t.CreatedAt)]);
        }));
        return command;
    }

    private static Command Watch(CliRun run)
    {
        var id = Opt.Id("id", "tr_ id");
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for a final status.", DefaultValueFactory = _ => 120 };
        var command = new Command("watch", "Follow a transfer's timeline live until it is completed, failed or rejected (exit 0 only for completed).").With(id, timeout);
        command.SetAction((pr, ct) => run.Api(pr, ct, client => FollowAsync(run, pr, client, pr.GetValue(id)!, TimeSpan.FromSeconds(pr.GetValue(timeout)), ct)));
        return command;
    }

    /// <summary>Prints each timeline step as it lands (a JSON line each with --json) and the final status; a spinner in a terminal.</summary>
    private static async Task<int> FollowAsync(CliRun run, ParseResult pr, RowellClient client, string id, TimeSpan within, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(within);
        var last = "";
        async Task Follow(StatusContext? status)
        {
            await foreach (var step in client.Transfers.WatchAsync(id, TimeSpan.FromMilliseconds(250), deadline.Token))
            {
                last = step.Status;
                if (run.IsJson(pr))
                {
                    await run.Context.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(step, RowellJson.Options));
                }
                else
                {
                    run.Context.Console.WriteLine($"{Output.When(step.CreatedAt)}  {step.Type,-28} {step.Status,-18} {step.Detail}");
                    status?.Status($"{id}: {step.Status}");
                }
            }
        }
        try
        {
            if (!run.IsJson(pr) && run.Context.Console.Profile.Capabilities.Interactive)
            {
                await run.Context.Console.Status().StartAsync($"{id}: waiting for the ledger", Follow);
            }
            else
            {
                await Follow(null);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliFailureException($"{id} is still {last} after {within.TotalSeconds:0} s.", ExitCodes.Timeout);
        }
        if (!run.IsJson(pr))
        {
            run.Context.Console.WriteLine($"{id} is {last}.");
        }
        return last == TransferStatuses.Completed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static Table Describe(Transfer t) => Output.Details(
        ("id", t.Id), ("status", t.Status), ("amount", $"{t.Amount} {t.AssetCode}"), ("fee", $"{t.Fee} {t.FeeAsset}"),
        ("from", t.FromAccount), ("to", t.ToAccount ?? t.ToAddress), ("network", $"{t.Network} {t.Environment}"),
        ("corridor", $"{t.FromCountry}→{t.ToCountry}"), ("compliance", $"{t.Compliance.Status} (risk {t.Compliance.RiskScore})"),
        ("transaction_hash", t.TransactionHash), ("failure", t.FailureCode is null ? null : $"{t.FailureCode}: {t.FailureMessage}"),
        ("created", Output.When(t.CreatedAt)), ("completed", Output.When(t.CompletedAt)));
}
