using System.CommandLine;
using System.Globalization;
using Rowell.Client.Models;

namespace Rowell.Cli.Commands;

internal static class AnalyticsCommands
{
    public static Command Build(CliRun run)
    {
        var command = new Command("analytics", "Your volumes and success rates (in your key's mode).");
        command.Add(Report(run, "remittance", "Per corridor: volume, count, success rate, settlement time.",
            (c, q, ct) => c.Analytics.RemittanceAsync(q, ct),
            ["period", "corridor", "asset", "network", "volume", "volume_usd", "count", "success", "p95 s"],
            i => [Day(i.PeriodStart), $"{i.FromCountry}→{i.ToCountry}", i.AssetCode, i.Network, i.Volume, i.VolumeUsd, N(i.Count), i.SuccessRate, i.SettlementSeconds?.P95]));
        command.Add(Report(run, "stablecoin", "Per asset, network and country: volume, users, growth.",
            (c, q, ct) => c.Analytics.StablecoinAsync(q, ct),
            ["period", "asset", "network", "country", "volume", "volume_usd", "count", "users", "growth"],
            i => [Day(i.PeriodStart), i.AssetCode, i.Network, i.CountryCode, i.Volume, i.VolumeUsd, N(i.Count), N(i.UniqueUsers), i.VolumeGrowth]));
        command.Add(Report(run, "merchants", "Per merchant account: volume and customers.",
            (c, q, ct) => c.Analytics.MerchantsAsync(q, ct),
            ["period", "account", "volume_usd", "count", "customers"],
            i => [Day(i.PeriodStart), i.AccountId, i.VolumeUsd, N(i.Count), N(i.UniqueCustomers)]));
        command.Add(Report(run, "network", "Per network: count, volume, success rate, fees, accounts.",
            (c, q, ct) => c.Analytics.NetworkAsync(q, ct),
            ["period", "network", "count", "volume_usd", "success", "avg fee", "active", "new"],
            i => [Day(i.PeriodStart), i.Network, N(i.Count), i.VolumeUsd, i.SuccessRate, i.AvgFee, N(i.ActiveAccounts), N(i.NewAccounts)]));
        return command;
    }

    private static Command Report<T>(CliRun run, string name, string description,
        Func<Rowell.Client.RowellClient, AnalyticsQuery, CancellationToken, Task<AnalyticsPage<T>>> fetch, string[] headers, Func<T, string?[]> row)
    {
        var period = Opt.Optional("--period", "daily, weekly or monthly");
        var start = new Option<DateOnly?>("--start") { Description = "start_date (YYYY-MM-DD)" };
        var end = new Option<DateOnly?>("--end") { Description = "end_date (YYYY-MM-DD)" };
        var limit = new Option<int?>("--limit") { Description = "Items per page." };
        var command = new Command(name, description).With(period, start, end, limit);
        command.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var page = await fetch(client, new AnalyticsQuery(pr.GetValue(period), pr.GetValue(start), pr.GetValue(end), pr.GetValue(limit)), ct);
            return await Output.EmitListAsync(run, pr, page, page.Items, page.HasMore, page.NextCursor, headers, row, c => c.WriteLine($"USD rates: {page.UsdRateSource ?? "n/a"} as of {page.UsdRatesAsOf}"));
        }));
        return command;
    }

    private static string Day(string d) => d;

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
}
