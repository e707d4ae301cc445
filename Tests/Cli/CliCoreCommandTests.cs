using Rowell.Cli;
using Rowell.Tests.Clients;

namespace Rowell.Tests.Cli;

/// <summary>login/config, accounts, transfers, deposits and vectors: --json parsed, tables printed, exit codes checked.</summary>
[Collection(ClientsCollection.Name)]
public sealed class CliCoreCommandTests(ClientsFixture fixture)
{
    [Fact]
    public async Task Login_saves_the_key_and_the_environment_overrides_it()
    {
        var (developerId, key) = await fixture.NewDeveloperAsync();
        var cli = new CliRunner(fixture, key: null);
        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("accounts", "list")).ExitCode);

        var login = (await cli.RunAsync("login", "--api-key", key, "--json")).Ok();
        Assert.Equal(developerId, login.Json.GetProperty("developer").GetProperty("id").GetString());
        Assert.Equal("test", login.Json.GetProperty("mode").GetString());
        Assert.True(File.Exists(cli.ConfigPath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.ConfigPath));
        }

        var show = (await cli.RunAsync("config", "show", "--json")).Ok().Json;
        Assert.Equal("config", show.GetProperty("api_key_source").GetString());
        Assert.DoesNotContain(key, show.ToString());
        Assert.Equal(0, (await cli.RunAsync("accounts", "list", "--json")).Ok().Json.GetProperty("items").GetArrayLength());

        // ROWELL_API_KEY beats the saved login: a revoked-looking key is refused with the auth exit code.
        cli.Environment["ROWELL_API_KEY"] = "sk_test_" + new string('z', 40);
        var refused = await cli.RunAsync("accounts", "list", "--json");
        Assert.Equal(ExitCodes.Auth, refused.ExitCode);
        Assert.Contains("UNAUTHORIZED", refused.Err);
        Assert.Equal("ROWELL_API_KEY", (await cli.RunAsync("config", "show", "--json")).Ok().Json.GetProperty("api_key_source").GetString());

        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("login", "--api-key", "not-a-key")).ExitCode);
        (await cli.RunAsync("config", "clear")).Ok();
        Assert.False(File.Exists(cli.ConfigPath));
    }

    [Fact]
    public async Task Accounts_create_list_get_balances_as_json_and_tables()
    {
        var (_, key) = await fixture.NewDeveloperAsync();
        var cli = new CliRunner(fixture, key);
        var created = (await cli.RunAsync("accounts", "create", "--network", "stellar", "--country", "KE", "--type", "merchant", "--metadata", "shop=42", "--json")).Ok().Json;
        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("acc_", id);
        Assert.Equal("merchant", created.GetProperty("account_type").GetString());
        Assert.Equal("42", created.GetProperty("metadata").GetProperty("shop").GetString());

        var list = (await cli.RunAsync("accounts", "list", "--json", "--type", "merchant")).Ok().Json;
        Assert.Equal(id, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(id, (await cli.RunAsync("accounts", "get", id, "--json")).Ok().Json.GetProperty("id").GetString());
        var balances = (await cli.RunAsync("accounts", "balances", id, "--json")).Ok().Json;
        Assert.Contains(balances.EnumerateArray(), b => b.GetProperty("asset_code").GetString() == "XLM" && b.GetProperty("balance").GetString() == "10000.0000000");

        var table = (await cli.RunAsync("accounts", "list")).Ok();
        Assert.Contains(id, table.Out);
        Assert.Contains("merchant", table.Out);
        Assert.Contains("10000.0000000", (await cli.RunAsync("accounts", "balances", id)).Ok().Out);

        var missing = await cli.RunAsync("accounts", "get", "acc_nothere000000000000", "--json");
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);
        Assert.Equal("NOT_FOUND", System.Text.Json.JsonDocument.Parse(missing.Err).RootElement.GetProperty("error").GetProperty("code").GetString());

        var invalid = await cli.RunAsync("accounts", "create", "--network", "dogecoin", "--country", "KE");
        Assert.Equal(ExitCodes.Failed, invalid.ExitCode);
        Assert.Contains("VALIDATION_ERROR", invalid.Err);
        Assert.Contains("field: network", invalid.Err);

        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("accounts", "create", "--country", "KE")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("accounts", "frobnicate")).ExitCode);
    }

    [Fact]
    public async Task Transfers_create_watch_get_list_follow_the_timeline_to_completed()
    {
        var (_, key) = await fixture.NewDeveloperAsync();
        var cli = new CliRunner(fixture, key);
        var from = (await cli.RunAsync("accounts", "create", "--network", "stellar", "--country", "KE", "--json")).Ok().Json.GetProperty("id").GetString()!;
        var to = (await cli.RunAsync("accounts", "create", "--network", "stellar", "--country", "NG", "--json")).Ok().Json.GetProperty("id").GetString()!;

        var created = (await cli.RunAsync("transfers", "create", "--from", from, "--to", to, "--asset", "XLM", "--amount", "3.25", "--idempotency-key", "cli-" + Guid.NewGuid(), "--json")).Ok().Json;
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("3.2500000", created.GetProperty("amount").GetString());

        var steps = (await cli.RunAsync("transfers", "watch", id, "--json", "--timeout", "30")).Ok().JsonLines;
        Assert.Equal("transfer.created", steps[0].GetProperty("type").GetString());
        Assert.Equal("completed", steps[^1].GetProperty("status").GetString());

        var human = (await cli.RunAsync("transfers", "create", "--from", from, "--to", to, "--asset", "XLM", "--amount", "1", "--watch", "--timeout", "30")).Ok();
        Assert.Contains("transfer.completed", human.Out);
        Assert.Contains("is completed.", human.Out);

        Assert.Equal("completed", (await cli.RunAsync("transfers", "get", id, "--json")).Ok().Json.GetProperty("status").GetString());
        var listed = (await cli.RunAsync("transfers", "list", "--status", "completed", "--all", "--json")).Ok().Json;
        Assert.Equal(2, listed.GetProperty("items").GetArrayLength());
        Assert.Contains(id, (await cli.RunAsync("transfers", "list")).Ok().Out);

        var broke = await cli.RunAsync("transfers", "create", "--from", from, "--to", to, "--asset", "XLM", "--amount", "99999999");
        Assert.Equal(ExitCodes.Failed, broke.ExitCode);
        Assert.Contains("INSUFFICIENT_FUNDS", broke.Err);
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("transfers", "watch", "tr_nothere0000000000000")).ExitCode);
    }

    [Fact]
    public async Task Deposits_list_shows_a_sandbox_deposit_for_every_account_and_for_one()
    {
        var (_, key) = await fixture.NewDeveloperAsync();
        var cli = new CliRunner(fixture, key);
        var into = (await cli.RunAsync("accounts", "create", "--network", "stellar", "--country", "KE", "--json")).Ok().Json.GetProperty("id").GetString()!;
        var other = (await cli.RunAsync("accounts", "create", "--network", "stellar", "--country", "NG", "--json")).Ok().Json.GetProperty("id").GetString()!;
        using var client = fixture.Client(key);
        var deposit = await client.Sandbox.DepositAsync(new Rowell.Client.Models.SandboxDepositRequest(into, "XLM", "4.5"));

        var all = (await cli.RunAsync("deposits", "list", "--all", "--json")).Ok().Json.GetProperty("items");
        var listed = Assert.Single(all.EnumerateArray());
        Assert.Equal(deposit.Id, listed.GetProperty("id").GetString());
        Assert.Equal(into, listed.GetProperty("account_id").GetString());
        Assert.Equal("4.5000000", listed.GetProperty("amount").GetString());
        Assert.Single((await cli.RunAsync("deposits", "list", "--account", into, "--json")).Ok().Json.GetProperty("items").EnumerateArray());
        Assert.Equal(0, (await cli.RunAsync("deposits", "list", "--account", other, "--json")).Ok().Json.GetProperty("items").GetArrayLength());
        Assert.Contains(deposit.Id, (await cli.RunAsync("deposits", "list")).Ok().Out);

        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("deposits", "list", "--account", "acc_nothere000000000000")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await cli.RunAsync("deposits", "list", "--limit", "many")).ExitCode);
    }

    [Fact]
    public async Task Vectors_check_passes_the_published_vectors_and_fails_a_bad_file()
    {
        var cli = new CliRunner(fixture, key: null);
        var report = (await cli.RunAsync("vectors", "check", CliRunner.VectorsFile(), "--json")).Ok().Json;
        Assert.True(report.GetProperty("passed").GetInt32() > 0);
        Assert.Equal(0, report.GetProperty("failed").GetInt32());
        Assert.Contains("0 failed", (await cli.RunAsync("vectors", "check", CliRunner.VectorsFile())).Ok().Out);

        var bad = Path.GetTempFileName();
        await File.WriteAllTextAsync(bad, """{"stellar_keys":[{"name":"wrong","secret_seed":"SBAD","public_key":"GBAD"}]}""");
        var failed = await cli.RunAsync("vectors", "check", bad);
        Assert.Equal(ExitCodes.Failed, failed.ExitCode);
        Assert.Contains("FAIL", failed.Out);
        File.Delete(bad);
    }
}
