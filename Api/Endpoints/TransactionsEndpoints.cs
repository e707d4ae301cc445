using Microsoft.AspNetCore.Http.HttpResults;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Deposits;
using Rowell.Abstractions.Developers;
using Rowell.Abstractions.Transfers;
using Rowell.Api.Auth;
using Rowell.Api.Infrastructure;

namespace Rowell.Api.Endpoints;

/// <summary>Ledger transactions of your transfers and deposits, by hash, by account and by corridor (read models only).</summary>
public static class TransactionsEndpoints
{
    public static IEndpointRouteBuilder MapTransactionsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/transactions").WithTags("Transactions").RequirePermission(Permissions.TransfersRead);
        group.MapGet("/{hash}", ByHash).WithSummary("A transaction (a transfer's or a deposit's) by its ledger hash.");
        group.MapGet("", ByAccount).WithSummary("Transactions of one account (?account=acc_…): its transfers on the ledger and its deposits, newest first.");
        group.MapGet("/corridor/{from_country}/{to_country}", ByCorridor).WithSummary("Transactions of one corridor, e.g. /corridor/NG/KE.");
        return app;
    }

    private static async Task<Ok<SuccessEnvelope<TransactionItemResponse>>> ByHash(string hash, HttpContext http, IClusterClient orleans)
    {
        if (hash.Length is < 8 or > 128 || !hash.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '@'))
        {
            throw RowellException.NotFound("Transaction");
        }
        var principal = http.Principal();
        var page = await orleans.GetGrain<ITransferQueryGrain>(0).List(principal.DeveloperId,
            new TransferFilter(TransactionHash: hash), new PageRequest(1, null, null), http.RequestAborted);
        if (page.Items.FirstOrDefault() is { } transfer)
        {
            principal.EnsureEnvironment(transfer.Environment, $"transaction {hash}");
            return EnvelopeResults.Ok(TransactionItemResponse.From(transfer));
        }
        var deposits = await orleans.GetGrain<IDepositsGrain>(0).List(principal.DeveloperId,
            new DepositFilter(TransactionHash: hash), new PageRequest(1, null, null), http.RequestAborted);
        var deposit = deposits.Items.FirstOrDefault() ?? throw RowellException.NotFound("Transaction");
        principal.EnsureEnvironment(deposit.Environment, $"transaction {hash}");
        return EnvelopeResults.Ok(TransactionItemResponse.From(deposit));
    }

    /// <summary>
    /// Transfers and deposits merged into one newest-first list. Both sort by (created_at, id); at equal times
    /// every tr_ id sorts after every dep_ id, so a cursor of either kind splits the other list by time alone.
    /// </summary>
    private static async Task<Ok<SuccessEnvelope<ListResponse<TransactionItemResponse>>>> ByAccount(HttpContext http, IClusterClient orleans)
    {
        var account = ListQuery.String(http.Request, "account");
        if (!RowellIds.IsValid(account, RowellIds.Account))
        {
            throw RowellException.Validation("account", "account is required: one of your acc_ ids.");
        }
        var principal = http.Principal();
        var request = ListQuery.Page(http.Request);
        var environment = principal.Environment();
        var transfers = new TransferFilter(Account: account, OnlyOnLedger: true, Environment: environment);
        var deposits = new DepositFilter(AccountId: account, Environment: environment);
        var transferPage = new PageRequest(request.Limit, null, null);
        var depositPage = new PageRequest(request.Limit, null, null);
        var backwards = request.StartingAfter is null && request.EndingBefore is not null;
        if ((request.StartingAfter ?? request.EndingBefore) is { } cursor)
        {
            var field = backwards ? "ending_before" : "starting_after";
            if (RowellIds.IsValid(cursor, RowellIds.Deposit))
            {
                var pivot = await orleans.GetGrain<IDepositsGrain>(0).Get(principal.DeveloperId, cursor, http.RequestAborted)
                    ?? throw RowellException.Validation(field, "The cursor does not name one of your objects.");
                // At the pivot's time every transfer sorts before (newer than) it: older transfers are strictly
                // earlier, newer ones at or after; the newer side is read from its lower bound upwards.
                (depositPage, transfers) = backwards
                    ? (depositPage with { EndingBefore = cursor }, transfers with { CreatedAtOrAfter = pivot.CreatedAt, NearestLowerBound = true })
                    : (depositPage with { StartingAfter = cursor }, transfers with { CreatedBefore = pivot.CreatedAt });
            }
            else
            {
                var pivot = (RowellIds.IsValid(cursor, RowellIds.Transfer) ? await orleans.GetGrain<ITransferGrain>(cursor).Get(principal.DeveloperId) : null)
                    ?? throw RowellException.Validation(field, "The cursor does not name one of your objects.");
                // At the pivot's time every deposit sorts after (older than) it.
                (transferPage, deposits) = backwards
                    ? (transferPage with { EndingBefore = cursor }, deposits with { CreatedAfter = pivot.CreatedAt, NearestLowerBound = true })
                    : (transferPage with { StartingAfter = cursor }, deposits with { CreatedAtOrBefore = pivot.CreatedAt });
            }
        }
        var t = await orleans.GetGrain<ITransferQueryGrain>(0).List(principal.DeveloperId, transfers, transferPage, http.RequestAborted);
        var d = await orleans.GetGrain<IDepositsGrain>(0).List(principal.DeveloperId, deposits, depositPage, http.RequestAborted);
        var merged = t.Items.Select(TransactionItemResponse.From).Concat(d.Items.Select(TransactionItemResponse.From))
            .OrderByDescending(x => x.CreatedAt).ThenByDescending(x => x.TransferId ?? x.DepositId, StringComparer.Ordinal)
            .ToList();
        // Forwards the page is the newest `limit` of what follows the cursor; backwards the `limit` nearest it
        // (the oldest of what precedes it), and next_cursor is then its first item, for the next ending_before.
        var items = backwards ? merged.Skip(Math.Max(0, merged.Count - request.Limit)).ToList() : merged.Take(request.Limit).ToList();
        var hasMore = merged.Count > items.Count || t.HasMore || d.HasMore;
        var edge = items.Count == 0 ? null : backwards ? items[0] : items[^1];
        return EnvelopeResults.Ok(new ListResponse<TransactionItemResponse>(items, hasMore, hasMore ? edge?.TransferId ?? edge?.DepositId : null));
    }

    private static async Task<Ok<SuccessEnvelope<ListResponse<TransactionResponse>>>> ByCorridor(string from_country, string to_country, HttpContext http, IClusterClient orleans, CountryCatalog countries) =>
        await TransfersEndpoints.Page(http, orleans,
            new TransferFilter(FromCountry: countries.Check(from_country, "from_country"), ToCountry: countries.Check(to_country, "to_country"), OnlyOnLedger: true),
            TransactionResponse.From);
}

/// <summary>
/// One ledger transaction of an account: a transfer's (transfer_id, fee) or a deposit's (deposit_id, inbound).
/// <see cref="Type"/> says which.
/// </summary>
public sealed record TransactionItemResponse(
    string Hash, string Object, string Type, string Network, string Environment, string Status, string? TransferId, string? DepositId,
    string FromAddress, string ToAddress, string AssetCode, string Amount, string? Fee, string? FeeAsset, string? FromCountry, string? ToCountry,
    DateTimeOffset CreatedAt, DateTimeOffset? SettledAt)
{
    public static TransactionItemResponse From(TransferView t) => new(
        t.TransactionHash!, "transaction", "transfer", t.Network.Wire(), t.Environment.Wire(),
        t.Status switch { TransferStatus.Completed => "success", TransferStatus.Failed => "failed", _ => "pending" },
        t.Id, null, t.FromAddress, t.ToAddress, t.AssetCode, Money.Format(t.Amount, t.Decimals), Money.Format(t.Fee, t.FeeDecimals), t.FeeAsset,
        t.FromCountry, t.ToCountry, t.CreatedAt, t.CompletedAt);

    public static TransactionItemResponse From(DepositView d) => new(
        d.TransactionHash, "transaction", "deposit", d.Network.Wire(), d.Environment.Wire(), "success", null, d.Id,
        d.FromAddress, d.ToAddress, d.AssetCode, Money.Format(Money.FromMinor(d.AmountMinor, d.Decimals), d.Decimals), null, null,
        null, null, d.CreatedAt, d.LedgerTime);
}
