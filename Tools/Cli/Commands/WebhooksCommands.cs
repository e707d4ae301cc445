using System.CommandLine;
using Rowell.Client.Models;

namespace Rowell.Cli.Commands;

internal static class WebhooksCommands
{
    public static Command Build(CliRun run) => new Command("webhooks", "Webhook endpoints, their deliveries, and a local listener.")
        .With(Create(run), List(run), Deliveries(run), Redeliver(run), Test(run), WebhookListenCommand.Build(run));

    private static Command Create(CliRun run)
    {
        var url = Opt.Required("--url", "https URL that receives deliveries.");
        var events = new Option<string>("--events") { Description = "Comma-separated event types, or * for all.", DefaultValueFactory = _ => "*" };
        var description = Opt.Optional("--description", "Free text.");
        var command = new Command("create", "Register an endpoint; prints its signing secret once.").With(url, events, description);
        command.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var endpoint = await client.Webhooks.CreateAsync(new CreateWebhookRequest(pr.GetValue(url)!, SplitEvents(pr.GetValue(events)!), pr.GetValue(description)), ct: ct);
            return await Output.EmitAsync(run, pr, endpoint, c => c.Write(Output.Details(("id", endpoint.Id), ("url", endpoint.Url),
                ("events", string.Join(", ", endpoint.Events)), ("status", endpoint.Status), ("secret", endpoint.Secret + "  (shown once: store it now)"))));
        }));
        return command;
    }

    private static Command List(CliRun run)
    {
        var page = new PageOpts();
        var command = new Command("list", "Your webhook endpoints.").With(page.Symbols);
        command.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var result = await page.FetchAsync(pr, p => client.Webhooks.ListAsync(p, ct), () => client.Webhooks.ListAllAsync(ct: ct));
            return await Output.EmitPageAsync(run, pr, result,
                ["id", "url", "events", "status", "created"],
                e => [e.Id, e.Url, string.Join(",", e.Events), e.Status, Output.When(e.CreatedAt)]);
        }));
        return command;
    }

    private static Command Deliveries(CliRun run)
    {
        var id = Opt.Id("endpoint", "whk_ id");
        var status = Opt.Optional("--status", "pending, succeeded or failed");
        var type = Opt.Optional("--type", "Event type.");
        var page = new PageOpts();
        var command = new Command("deliveries", "An endpoint's deliveries, newest first.").With(id, status, type).With(page.Symbols);
        command.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var result = await client.Webhooks.DeliveriesAsync(pr.GetValue(id)!, new DeliveryFilter(pr.GetValue(status), pr.GetValue(type)), page.Page(pr), ct);
            return await Output.EmitPageAsync(run, pr, result,
                ["id", "event", "type", "status", "attempts", "last code", "next attempt", "created"],
                d => [d.Id, d.EventId, d.EventType, d.Status, d.AttemptCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        d.LastStatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture), Output.When(d.NextAttemptAt), Output.When(d.CreatedAt)]);
        }));
        return command;
    }

    private static Command Redeliver(CliRun run)
    {
        var id = Opt.Id("endpoint", "whk_ id");
        var delivery = Opt.Id("delivery", "whd_ id");
        var command = new Command("redeliver", "Send a delivery again now.").With(id, delivery);
        command.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var d = await client.Webhooks.RedeliverAsync(pr.GetValue(id)!, pr.GetValue(delivery)!, ct);
            return await Output.EmitAsync(run, pr, d, c => c.WriteLine($"{d.Id}: {d.Status} ({d.AttemptCount} attempts)"));
        }));
        return command;
    }

    private static Command Test(CliRun run)
    {
        var id = Opt.Id("endpoint", "whk_ id");
        var command = new Command("test", "Send a webhook.test event to this endpoint only.").With(id);
        command.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var result = await client.Webhooks.TestAsync(pr.GetValue(id)!, ct);
            return await Output.EmitAsync(run, pr, result, c => c.WriteLine($"Sent webhook.test to {pr.GetValue(id)}: delivery {result.Id} ({result.Status}, event {result.EventId})."));
        }));
        return command;
    }

    internal static IReadOnlyList<string> SplitEvents(string events) =>
        events.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
