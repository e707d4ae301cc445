using System.CommandLine;
using Rowell.Client.Models;
using Spectre.Console;

namespace Rowell.Cli.Commands;

internal static class AccountsCommands
{
    public static Command Build(CliRun run) => new Command("accounts", "Create and inspect accounts, their wallets and balances.")
        .With(Create(run), List(run), Get(run), Balances(run));

    private static Command Create(CliRun run)
    {
        var network = Opt.Required("--network", "stellar or hedera");
        var environment = new Option<string>("--environment") { Description = "testnet (test keys) or mainnet (live keys)", DefaultValueFactory = _ => "testnet" };
        var type = new Option<string>("--type") { Description = "user, merchant, anchor or ngo", DefaultValueFactory = _ => "user" };
        var country = Opt.Required("--country", "KE NG ZA GH UG TZ ET EG");
        var metadata = new Option<string[]>("--metadata") { Description = "key=value (repeatable)", AllowMultipleArgumentsPerToken = false };
        var idem = Opt.Optional("--idempotency-key", "Reuse to make a retried create safe (default: a fresh key).");
        var command = new Command("create", "Create an account with its first wallet.").With(network, environment, type, country, metadata, idem);
        command.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var meta = (pr.GetValue(metadata) ?? []).Select(Pair).ToDictionary(p => p.Key, p => p.Value);
            var account = await client.Accounts.CreateAsync(
                new CreateAccountRequest(pr.GetValue(network)!, pr.GetValue(environment)!, pr.GetValue(type)!, pr.GetValue(country)!, meta.Count == 0 ? null : meta),
                pr.GetValue(idem) is { } k ? new Rowell.Client.RequestOptions(k) : null, ct);
            return await Output.EmitAsync(run, pr, account, c => c.Write(Describe(account)));
        }));
        return command;
    }

    private static Command List(CliRun run)
    {
        var network = Opt.Optional("--network", "stellar or hedera");
        var environment = Opt.Optional("--environment", "testnet or mainnet (default: your key's)");
        var type = Opt.Optional("--type", "user, merchant, anchor or ngo");
        var country = Opt.Optional("--country", "country code");
        var kyc = Opt.Optional("--kyc-status", "KYC status");
        var page = new PageOpts();
        var command = new Command("list", "Your accounts, newest first.").With(network, environment, type, country, kyc).With(page.Symbols);
        command.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var filter = new AccountFilter(pr.GetValue(network), pr.GetValue(environment), pr.GetValue(type), pr.GetValue(country), pr.GetValue(kyc));
            var result = await page.FetchAsync(pr, p => client.Accounts.ListAsync(filter, p, ct), () => client.Accounts.ListAllAsync(filter, ct: ct));
            return await Output.EmitPageAsync(run, pr, result,
                ["id", "type", "network", "environment", "country", "kyc", "address", "created"],
                a => [a.Id, a.AccountType, a.Network, a.Environment, a.CountryCode, a.KycStatus, a.Wallets.FirstOrDefault()?.Address, Output.When(a.CreatedAt)]);
        }));
        return command;
    }

    private static Command Get(CliRun run)
    {
        var id = Opt.Id("id", "acc_ id");
        var command = new Command("get", "One account with its wallets.").With(id);
        command.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var account = await client.Accounts.GetAsync(pr.GetValue(id)!, ct);
            return await Output.EmitAsync(run, pr, account, c => c.Write(Describe(account)));
        }));
        return command;
    }

    private static Command Balances(CliRun run)
    {
        var id = Opt.Id("id", "acc_ id");
        var command = new Command("balances", "An account's balances per asset.").With(id);
        command.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var balances = await client.Accounts.BalancesAsync(pr.GetValue(id)!, ct);
            return await Output.EmitAsync(run, pr, balances, c =>
            {
                var table = Output.Table("network", "asset", "balance", "issuer");
                foreach (var b in balances)
                {
                    table.Row(b.Network, b.AssetCode, b.Amount, b.AssetIssuer);
                }
                c.Write(table);
            });
        }));
        return command;
    }

    private static Table Describe(Account a)
    {
        var table = Output.Details(("id", a.Id), ("type", a.AccountType), ("network", a.Network), ("environment", a.Environment),
            ("country", $"{a.CountryCode} ({a.Region})"), ("kyc_status", a.KycStatus), ("created", Output.When(a.CreatedAt)));
        foreach (var w in a.Wallets)
        {
            table.Row("wallet " + w.Id, $"{w.Network} {w.Address}");
        }
        return table;
    }

    private static KeyValuePair<string, string> Pair(string s)
    {
        var i = s.IndexOf('=');
        return i > 0 ? new(s[..i], s[(i + 1)..]) : throw new CliUsageException($"--metadata '{s}' is not key=value.");
    }
}
