using Microsoft.AspNetCore.Http.HttpResults;
using System.Globalization;
using Rowell.Abstractions.Analytics;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;
using Rowell.Api.Auth;
using Rowell.Api.Infrastructure;
using Rowell.Grains.Analytics; // AnalyticsQueryNames, from Shared

namespace Rowell.Api.Endpoints;

/// <summary>
/// Analytics over the caller's own data in its key's mode, read from the rollups (Grains/Analytics): validate the
/// query, one grain call (holding the version of the answer this process keeps as JSON: <see cref="AnalyticsAnswers"/>).
/// Items say whether their period is reconciled against the event log or still live.
/// </summary>
public static class AnalyticsEndpoints
{
    private const int MaxDailySpanDays = 366;
    private const int MaxSpanDays = 3660;
    private const int MaxHourlySpanDays = 31;

    public static IEndpointRouteBuilder MapAnalyticsEndpoints(this IEndpointRouteBuilder app)
    {
        // One per mapped app (per process in production), held here rather than in DI so Program.cs need not know it.
        var answers = new AnalyticsAnswers();
        var group = app.MapGroup("/api/v1/analytics").WithTags("Analytics");
        group.MapGet("/remittance", (HttpContext http, IClusterClient orleans, CountryCatalog countries) => Remittance(http, orleans, countries, answers))
            .WithSummary("Per corridor (from_country → to_country, asset, network) and period: volume, counts, uniques, fees, success rate, settlement time. Filters: from_country, to_country, asset_code, network.")
            .RequirePermission(Permissions.AnalyticsRead);
        group.MapGet("/stablecoin", (HttpContext http, IClusterClient orleans, CountryCatalog countries) => Stablecoin(http, orleans, countries, answers))
            .WithSummary("Per asset, network and sender country: volume, count, unique users, growth on the previous period. Filters: asset_code, network, country_code.")
            .RequirePermission(Permissions.AnalyticsRead);
        group.MapGet("/merchants", (HttpContext http, IClusterClient orleans, CountryCatalog countries) => Merchants(http, orleans, countries, answers))
            .WithSummary("Per receiving account: USD volume, count, unique customers. Filter: account_id.")
            .RequirePermission(Permissions.AnalyticsRead);
        group.MapGet("/network", (HttpContext http, IClusterClient orleans, CountryCatalog countries) => Network(http, orleans, countries, answers))
            .WithSummary("Per network: count, USD volume, success rate, average fee, settlement time, active and new accounts. Filter: network.")
            .RequirePermission(Permissions.AnalyticsRead);
        group.MapGet("/dashboard", (HttpContext http, IClusterClient orleans, CountryCatalog countries) => Dashboard(http, orleans, countries, answers))
            .WithSummary("Totals, top corridors and countries, volume by day and recent activity over start_date..end_date (default: the last 30 days).")
            .RequirePermission(Permissions.AnalyticsRead);
        group.MapGet("/timeseries", (HttpContext http, IClusterClient orleans, CountryCatalog countries) => Timeseries(http, orleans, countries, answers))
            .WithSummary("Chart points: metric=volume|count|success_rate|settlement_p95, interval=hour|day.")
            .RequirePermission(Permissions.AnalyticsRead);
        group.MapPost("/reconcile", Reconcile)
            .WithSummary("Recompute your closed days from the event log now (the reconciler also runs on its own); from=YYYY-MM-DD rebuilds from that day.")
            .RequirePermission(Permissions.AnalyticsRead);
        return app;
    }

    private static Task<AnalyticsJson<AnalyticsPage<RemittanceItem>>> Remittance(HttpContext http, IClusterClient orleans, CountryCatalog countries, AnalyticsAnswers answers)
    {
        var r = Request(http, countries, "from_country", "to_country", "asset_code", "network");
        return Answer<AnalyticsPage<RemittanceItem>>(answers, r.Key("remittance"), known => Query(orleans).Remittance(r, known));
    }

    private static Task<AnalyticsJson<AnalyticsPage<StablecoinItem>>> Stablecoin(HttpContext http, IClusterClient orleans, CountryCatalog countries, AnalyticsAnswers answers)
    {
        var r = Request(http, countries, "asset_code", "network", "country_code");
        return Answer<AnalyticsPage<StablecoinItem>>(answers, r.Key("stablecoin"), known => Query(orleans).Stablecoin(r, known));
    }

    private static Task<AnalyticsJson<AnalyticsPage<MerchantItem>>> Merchants(HttpContext http, IClusterClient orleans, CountryCatalog countries, AnalyticsAnswers answers)
    {
        var r = Request(http, countries, "account_id");
        return Answer<AnalyticsPage<MerchantItem>>(answers, r.Key("merchants"), known => Query(orleans).Merchants(r, known));
    }

    private static Task<AnalyticsJson<AnalyticsPage<NetworkItem>>> Network(HttpContext http, IClusterClient orleans, CountryCatalog countries, AnalyticsAnswers answers)
    {
        var r = Request(http, countries, "network");
        return Answer<AnalyticsPage<NetworkItem>>(answers, r.Key("network"), known => Query(orleans).Network(r, known));
    }

    private static async Task<AnalyticsJson<DashboardReport>> Dashboard(HttpContext http, IClusterClient orleans, CountryCatalog countries, AnalyticsAnswers answers)
    {
        var r = Request(http, countries);
        var key = r.Key("dashboard");
        var json = answers.Dashboard(key, await Query(orleans).Dashboard(r, answers.Known(key)))
            ?? answers.Dashboard(key, await Query(orleans).Dashboard(r, null))!;
        return new AnalyticsJson<DashboardReport>(json);
    }

    private static Task<AnalyticsJson<TimeseriesReport>> Timeseries(HttpContext http, IClusterClient orleans, CountryCatalog countries, AnalyticsAnswers answers)
    {
        var metric = OneOf(http, "metric", ["volume", "count", "success_rate", "settlement_p95"]) ?? "volume";
        var interval = OneOf(http, "interval", ["hour", "day"]) ?? "day";
        var r = Request(http, countries);
        if (interval == "hour" && r.EndDate.DayNumber - r.StartDate.DayNumber + 1 > MaxHourlySpanDays)
        {
            throw RowellException.Validation("end_date", $"Hourly points cover at most {MaxHourlySpanDays} days.");
        }
        return Answer<TimeseriesReport>(answers, r.Key("timeseries/" + metric + "/" + interval),
            known => Query(orleans).Timeseries(r, metric, interval, known));
    }

    /// <summary>Asks holding the kept version; if the kept bytes went meanwhile, once more holding none (then a value always comes).</summary>
    private static async Task<AnalyticsJson<T>> Answer<T>(AnalyticsAnswers answers, string key, Func<AnswerVersion?, Task<AnalyticsAnswer<T>>> ask) where T : class
    {
        var a = await ask(answers.Known(key));
        if (answers.Json(key, a.Version, a.Value) is not { } json)
        {
            a = await ask(null);
            json = answers.Json(key, a.Version, a.Value)!;
        }
        return new AnalyticsJson<T>(json);
    }

    private static async Task<Ok<SuccessEnvelope<ReconcileReport>>> Reconcile(HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var from = Date(http, "from");
        var reconciler = orleans.GetGrain<IAnalyticsReconcilerGrain>(0);
        // Each grain call does a bounded slice; continue until the closed days are done (or the caller gives up).
        ReconcileReport total = new(0, 0, 0, 0, null, false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var r = await reconciler.ReconcileDeveloper(principal.DeveloperId, Mode(principal), from);
            total = new ReconcileReport(total.Days + r.Days, total.Events + r.Events, total.Corrections + r.Corrections, clock.ElapsedMilliseconds, r.Next, r.HasMore);
            if (!r.HasMore || http.RequestAborted.IsCancellationRequested)
            {
                return EnvelopeResults.Ok(total);
            }
            from = DateOnly.ParseExact(r.Next!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
    }

    private static IAnalyticsAnswerGrain Query(IClusterClient orleans) => orleans.GetGrain<IAnalyticsAnswerGrain>(0);

    private static string Mode(ApiKeyPrincipal principal) => principal.IsTest ? "test" : "live";

    private static AnalyticsRequest Request(HttpContext http, CountryCatalog countries, params string[] filterNames)
    {
        var principal = http.Principal();
        var period = OneOf(http, "period", AnalyticsQueryNames.PeriodNames) ?? "daily";
        var today = DateOnly.FromDateTime((http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow().UtcDateTime);
        var end = Date(http, "end_date") ?? today;
        var start = Date(http, "start_date") ?? end.AddDays(-29);
        if (end < start)
        {
            throw RowellException.Validation("end_date", "end_date must not be before start_date.");
        }
        var span = end.DayNumber - start.DayNumber + 1;
        if (period == "daily" && span > MaxDailySpanDays)
        {
            throw RowellException.Validation("end_date", $"Daily buckets cover at most {MaxDailySpanDays} days; use period=weekly or monthly for longer ranges.");
        }
        if (span > MaxSpanDays)
        {
            throw RowellException.Validation("end_date", $"A range covers at most {MaxSpanDays} days.");
        }
        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in filterNames)
        {
            if (Filter(http, countries, name) is { } value)
            {
                filters[name] = value;
            }
        }
        var sort = OneOf(http, "sort", AnalyticsQueryNames.SortNames);
        var limit = 20;
        if (ListQuery.String(http.Request, "limit") is { } rawLimit && (!int.TryParse(rawLimit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
        {
            throw RowellException.Validation("limit", "limit must be a whole number from 1 to 100.");
        }
        var offset = 0;
        if (ListQuery.String(http.Request, "cursor") is { } cursor &&
            (!cursor.StartsWith(AnalyticsQueryNames.CursorPrefix, StringComparison.Ordinal) ||
             !int.TryParse(cursor.AsSpan(AnalyticsQueryNames.CursorPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
        {
            throw RowellException.Validation("cursor", "cursor must be a next_cursor from a previous page.");
        }
        return new AnalyticsRequest(principal.DeveloperId, Mode(principal), period, start, end, filters, sort, limit, offset);
    }

    private static string? Filter(HttpContext http, CountryCatalog countries, string name)
    {
        var value = ListQuery.String(http.Request, name);
        return name switch
        {
            _ when value is null => null,
            "from_country" or "to_country" or "country_code" => countries.Check(value, name),
            "asset_code" => AssetCatalog(value),
            "network" => ListQuery.Enum<Network>(http.Request, name)!.Value.Wire(),
            "account_id" => RowellIds.IsValid(value, RowellIds.Account) ? value : throw RowellException.Validation(name, "account_id must be an acc_ id."),
            _ => value,
        };
    }

    private static string AssetCatalog(string code) => Grains.Ledgers.AssetCatalog.Codes.Contains(code)
        ? code
        : throw RowellException.Validation("asset_code", $"asset_code must be one of {string.Join(", ", Grains.Ledgers.AssetCatalog.Codes)}.");

    private static string? OneOf(HttpContext http, string name, IReadOnlyCollection<string> allowed)
    {
        var value = ListQuery.String(http.Request, name);
        return value is null || allowed.Contains(value)
            ? value
            : throw RowellException.Validation(name, $"{name} must be one of {string.Join(", ", allowed)}.");
    }

    private static DateOnly? Date(HttpContext http, string name)
    {
        var value = ListQuery.String(http.Request, name);
        if (value is null)
        {
            return null;
        }
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw RowellException.Validation(name, $"{name} must be an ISO date (YYYY-MM-DD).");
    }
}
