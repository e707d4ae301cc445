using System.CommandLine;
using Rowell.Client;

namespace Rowell.Cli.Commands;

internal static class LoginCommands
{
    public static Command Login(CliRun run)
    {
        var command = new Command("login", "Check an API key against the API and save it (with the API URL) for later commands. Reads the key from stdin when --api-key is not given.");
        command.SetAction((pr, ct) => run.Guard(pr, async () =>
        {
            var key = pr.GetValue(run.ApiKey) ?? run.Context.Environment("ROWELL_API_KEY");
            if (string.IsNullOrWhiteSpace(key))
            {
                if (run.Context.Interactive)
                {
                    await run.Context.Error.WriteAsync("API key (sk_test_… or sk_live_…): ");
                }
                key = (await Console.In.ReadLineAsync(ct))?.Trim();
            }
            if (string.IsNullOrWhiteSpace(key) || !(key.StartsWith("sk_test_", StringComparison.Ordinal) || key.StartsWith("sk_live_", StringComparison.Ordinal)))
            {
                throw new CliUsageException("An API key starts with sk_test_ or sk_live_.");
            }
            var (_, url) = run.Context.Resolve(key, pr.GetValue(run.ApiUrl));
            using var client = run.Context.CreateClient(key, url);
            var me = await client.Developers.MeAsync(ct);
            new CliConfig(url.ToString().TrimEnd('/'), key).Save(run.Context.ConfigPath);
            return await Output.EmitAsync(run, pr, new { developer = me, mode = client.Mode, api_url = url.ToString().TrimEnd('/'), config_path = run.Context.ConfigPath },
                c => c.WriteLine($"Logged in as {me.Email} ({me.Id}), {client.Mode} mode, {url}. Saved to {run.Context.ConfigPath}."));
        }, ct));
        return command;
    }

    public static Command Config(CliRun run)
    {
        var show = new Command("show", "Print the effective API URL and key (masked), and where each comes from.");
        show.SetAction((pr, ct) => run.Guard(pr, () =>
        {
            var saved = CliConfig.Load(run.Context.ConfigPath);
            var (key, url) = run.Context.Resolve(pr.GetValue(run.ApiKey), pr.GetValue(run.ApiUrl));
            var keySource = pr.GetValue(run.ApiKey) is not null ? "--api-key" : run.Context.Environment("ROWELL_API_KEY") is { Length: > 0 } ? "ROWELL_API_KEY" : saved.ApiKey is not null ? "config" : "none";
            var urlSource = pr.GetValue(run.ApiUrl) is not null ? "--api-url" : run.Context.Environment("ROWELL_API_URL") is { Length: > 0 } ? "ROWELL_API_URL" : saved.ApiUrl is not null ? "config" : "default";
            var mode = key?.StartsWith("sk_live_", StringComparison.Ordinal) == true ? "live" : key is null ? null : "test";
            return Output.EmitAsync(run, pr, new { api_url = url.ToString().TrimEnd('/'), api_url_source = urlSource, api_key = CliConfig.Mask(key), api_key_source = keySource, mode, config_path = run.Context.ConfigPath },
                c => c.Write(Output.Details(("api_url", $"{url} ({urlSource})"), ("api_key", $"{CliConfig.Mask(key)} ({keySource})"), ("mode", mode), ("config_path", run.Context.ConfigPath))));
        }, ct));

        var name = new Argument<string>("name") { Description = "api_url or api_key" };
        var value = new Argument<string>("value");
        var set = new Command("set", "Save one setting (api_url or api_key).").With(name, value);
        set.SetAction((pr, ct) => run.Guard(pr, () =>
        {
            var saved = CliConfig.Load(run.Context.ConfigPath);
            var v = pr.GetValue(value)!;
            saved = pr.GetValue(name) switch
            {
                "api_url" => Uri.TryCreate(v, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? saved with { ApiUrl = v.TrimEnd('/') } : throw new CliUsageException("api_url must be an http(s) URL."),
                "api_key" => saved with { ApiKey = v },
                var other => throw new CliUsageException($"Unknown setting '{other}': use api_url or api_key."),
            };
            saved.Save(run.Context.ConfigPath);
            return Output.EmitAsync(run, pr, new { saved = pr.GetValue(name), config_path = run.Context.ConfigPath }, c => c.WriteLine($"Saved {pr.GetValue(name)}."));
        }, ct));

        var clear = new Command("clear", "Forget the saved login.");
        clear.SetAction((pr, ct) => run.Guard(pr, () =>
        {
            File.Delete(run.Context.ConfigPath);
            return Output.EmitAsync(run, pr, new { cleared = true }, c => c.WriteLine("Saved login removed."));
        }, ct));
        return new Command("config", "Show or change the saved settings.").With(show, set, clear);
    }
}
