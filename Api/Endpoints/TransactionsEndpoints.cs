using Microsoft.AspNetCore.Http.HttpResults;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;
using Rowell.Abstractions.Transfers;
using Rowell.Api.Auth;
using Rowell.Api.Infrastructure;

namespace Rowell.Api.Endpoints;

/// <summary>Ledger transactions of your transfers, by hash, by account and by corridor (read model only).</summary>
public static class TransactionsEndpoints
{
    public static IEndpointRouteBuilder MapTransactionsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/transactions").WithTags("Transactions").RequirePermission(Permissions.TransfersRead);
        group.MapGet("/{hash}", ByHash).WithSummary("A transaction by its ledger hash.");
        group.MapGet("", ByAccount).WithSummary("Transactions of one account (?account=acc_…).");
        group.MapGet("/corridor/{from_country}/{to_country}", ByCorridor).WithSummary("Transactions of one corridor, e.g. /corridor/NG/KE.");
        return app;
    }

    private static async Task<Ok<SuccessEnvelope<TransactionResponse>>> ByHash(string hash, HttpContext http, IClusterClient orleans)
    {
        if (hash.Length is < 8 or > 128 || !hash.All(char.IsAsciiLetterOrDigit))
        {
            throw RowellException.NotFound("Transaction");
        }
        var page = await orleans.GetGrain<ITransferQueryGrain>(0).List(Auth.ApiKeyAuthentication.Principal(http).DeveloperId,
            new TransferFilter(TransactionHash: hash), new Abstractions.Accounts.PageRequest(1, null, null), http.RequestAborted);
        var transfer = page.Items.FirstOrDefault() ?? throw RowellException.NotFound("Transaction");
        Auth.Authorization.EnsureEnvironment(Auth.ApiKeyAuthentication.Principal(http), transfer.Environment, $"transaction {hash}");
        return EnvelopeResults.Ok(TransactionResponse.From(transfer));
    }

    private static Task<Ok<SuccessEnvelope<ListResponse<TransactionResponse>>>> ByAccount(HttpContext http, IClusterClient orleans)
    {
        var account = ListQuery.String(http.Request, "account");
        if (!RowellIds.IsValid(account, RowellIds.Account))
        {
            throw RowellException.Validation("account", "account is required: one of your acc_ ids.");
        }
        return TransfersEndpoints.Page(http, orleans, new TransferFilter(Account: account, OnlyOnLedger: true), TransactionResponse.From);
    }

    private static Task<Ok<SuccessEnvelope<ListResponse<TransactionResponse>>>> ByCorridor(string from_country, string to_country, HttpContext http, IClusterClient orleans, CountryCatalog countries) =>
        TransfersEndpoints.Page(http, orleans,
            new TransferFilter(FromCountry: countries.Check(from_country, "from_country"), ToCountry: countries.Check(to_country, "to_country"), OnlyOnLedger: true),
            TransactionResponse.From);
}
