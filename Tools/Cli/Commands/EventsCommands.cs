using System.CommandLine;
using Rowell.Client.Models;

namespace Rowell.Cli.Commands;

internal static class EventsCommands
{
    public static Command Events(CliRun run)
    {
        var type = Opt.Optional("--type", "e.g. transfer.completed");
        var since = new Option<DateTimeOffset?>("--since") { Description = "created_gte (ISO 8601)" };
        var until = new Option<DateTimeOffset?>("--until") { Description = "created_lte (ISO 8601)" };
        var page = new PageOpts();
        var list = new Command("list", "Events, newest first.").With(type, since, until).With(page.Symbols);
        list.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var filter = new EventFilter(pr.GetValue(type), pr.GetValue(since), pr.GetValue(until));
            var result = await page.FetchAsync(pr, p => client.Events.ListAsync(filter, p, ct), () => client.Events.ListAllAsync(filter, ct: ct));
            return await Output.EmitPageAsync(run, pr, result,
                ["id", "type", "object", "created"],
                e => [e.Id, e.Type, ObjectId(e), Output.When(e.CreatedAt)]);
        }));

        var id = Opt.Id("id", "evt_ id");
        var get = new Command("get", "One event with its object.").With(id);
        get.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var e = await client.Events.GetAsync(pr.GetValue(id)!, ct);
            return await Output.EmitAsync(run, pr, e, c =>
            {
                c.Write(Output.Details(("id", e.Id), ("type", e.Type), ("created", Output.When(e.CreatedAt)), ("object", ObjectId(e))));
                c.WriteLine(e.Data.Object.ToString());
            });
        }));
        return new Command("events", "The event log (what webhooks deliver).").With(list, get);
    }

    public static Command Deposits(CliRun run)
    {
        var account = Opt.Optional("--account", "Only deposits into this acc_ id.");
        var page = new PageOpts();
        var list = new Command("list", "Inbound payments into your wallets, newest first.").With(account).With(page.Symbols);
        list.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var acc = pr.GetValue(account);
            var result = acc is null
                ? await page.FetchAsync(pr, p => client.Deposits.ListAsync(p, ct), () => client.Deposits.ListAllAsync(ct: ct))
                : await client.Accounts.DepositsAsync(acc, page.Page(pr), ct);
            return await Output.EmitPageAsync(run, pr, result,
                ["id", "account", "amount", "asset", "network", "from", "tx", "created"],
                d => [d.Id, d.AccountId, d.Amount, d.AssetCode, d.Network, d.FromAddress, d.TransactionHash, Output.When(d.CreatedAt)]);
        }));
        return new Command("deposits", "Deposits received on the ledgers.").With(list);
    }

    private static string? ObjectId(Event e) =>
        e.Data.Object.ValueKind == System.Text.Json.JsonValueKind.Object && e.Data.Object.TryGetProperty("id", out var id) ? id.ToString() : null;
}
