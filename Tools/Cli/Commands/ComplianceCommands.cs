using System.CommandLine;
using System.Globalization;
using Rowell.Client.Models;
using Spectre.Console;

namespace Rowell.Cli.Commands;

internal static class ComplianceCommands
{
    public static Command Build(CliRun run) => new Command("compliance", "Identity verification and transaction flags.")
        .With(Verify(run), Flags(run));

    private static Command Verify(CliRun run)
    {
        var account = Opt.Required("--account", "acc_ id to verify.");
        var type = new Option<string>("--type") { Description = "individual, business or ngo", DefaultValueFactory = _ => "individual" };
        var first = Opt.Required("--first-name", "Given name.");
        var last = Opt.Required("--last-name", "Family name.");
        var dob = Opt.Required("--dob", "Date of birth, YYYY-MM-DD.");
        var docType = Opt.Required("--document-type", "passport, national_id, drivers_license, bvn, nin, sa_id, ghana_card");
        var docNumber = Opt.Required("--document-number", "Document number.");
        var docCountry = Opt.Required("--document-country", "Issuing country code.");
        var mrz = Opt.Optional("--mrz", "Passport machine-readable zone.");
        var command = new Command("verify", "Verify an account holder's identity document (updates the account's kyc_status).")
            .With(account, type, first, last, dob, docType, docNumber, docCountry, mrz);
        command.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var v = await client.Compliance.VerifyIdAsync(new VerifyIdRequest(pr.GetValue(account)!, pr.GetValue(type)!, pr.GetValue(first)!, pr.GetValue(last)!,
                pr.GetValue(dob)!, pr.GetValue(docType)!, pr.GetValue(docNumber)!, pr.GetValue(docCountry)!, pr.GetValue(mrz)), ct: ct);
            return await Output.EmitAsync(run, pr, v, c =>
            {
                c.Write(Output.Details(("id", v.Id), ("account", v.AccountId), ("status", v.Status), ("risk", $"{v.RiskScore} ({v.RiskLevel})"),
                    ("document", v.DocumentNumberMasked), ("created", Output.When(v.CreatedAt))));
                foreach (var r in v.Reasons)
                {
                    c.WriteLine($"  {r.Code}: {r.Message}");
                }
            });
        }));
        return command;
    }

    private static Command Flags(CliRun run)
    {
        var status = Opt.Optional("--status", "active, resolved, escalated or closed");
        var page = new PageOpts();
        var list = new Command("list", "Flags, newest first.").With(status).With(page.Symbols);
        list.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var filter = new FlagFilter(pr.GetValue(status));
            var result = await page.FetchAsync(pr, p => client.Compliance.FlagsAsync(filter, p, ct), () => client.Compliance.AllFlagsAsync(filter, ct: ct));
            return await Output.EmitPageAsync(run, pr, result,
                ["id", "entity", "severity", "status", "risk", "reason", "created"],
                f => [f.Id, $"{f.EntityType} {f.EntityId}", f.Severity, f.Status, f.RiskScore.ToString(CultureInfo.InvariantCulture), f.Reason, Output.When(f.CreatedAt)]);
        }));

        var id = Opt.Id("id", "flg_ id");
        var get = new Command("get", "One flag with its history.").With(id);
        get.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var f = await client.Compliance.FlagAsync(pr.GetValue(id)!, ct);
            return await Output.EmitAsync(run, pr, f, c => Describe(c, f));
        }));

        var updateId = Opt.Id("id", "flg_ id");
        var newStatus = Opt.Required("--status", "resolved (releases a held transfer), escalated, or closed (rejects it)");
        var notes = Opt.Optional("--notes", "Why.");
        var update = new Command("update", "Resolve, escalate or close a flag.").With(updateId, newStatus, notes);
        update.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var f = await client.Compliance.UpdateFlagStatusAsync(pr.GetValue(updateId)!, new UpdateFlagStatusRequest(pr.GetValue(newStatus)!, pr.GetValue(notes)), ct);
            return await Output.EmitAsync(run, pr, f, c => Describe(c, f));
        }));

        var transfer = Opt.Required("--transfer", "tr_ id to flag.");
        var reason = Opt.Required("--reason", "Why it is suspicious.");
        var severity = Opt.Optional("--severity", "low, medium or high");
        var raise = new Command("raise", "Flag a transfer for review.").With(transfer, reason, severity);
        raise.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var f = await client.Compliance.FlagTransactionAsync(new FlagTransactionRequest(pr.GetValue(transfer)!, pr.GetValue(reason)!, pr.GetValue(severity)), ct: ct);
            return await Output.EmitAsync(run, pr, f, c => Describe(c, f));
        }));
        return new Command("flags", "Transaction and account flags.").With(list, get, update, raise);
    }

    private static void Describe(IAnsiConsole c, Flag f)
    {
        c.Write(Output.Details(("id", f.Id), ("entity", $"{f.EntityType} {f.EntityId}"), ("severity", f.Severity), ("status", f.Status),
            ("risk", f.RiskScore.ToString(CultureInfo.InvariantCulture)), ("reason", f.Reason), ("factors", string.Join(", ", (f.Factors ?? []).Select(x => $"{x.Code} +{x.Points}")))));
        foreach (var h in f.History ?? [])
        {
            c.WriteLine($"  {Output.When(h.At)}  {h.Status,-10} {h.Actor} {h.Notes}");
        }
    }
}
