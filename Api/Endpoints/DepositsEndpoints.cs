using Microsoft.AspNetCore.Http.HttpResults;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Deposits;
using Rowell.Abstractions.Developers;
using Rowell.Api.Auth;
using Rowell.Api.Infrastructure;

namespace Rowell.Api.Endpoints;

/// <summary>Money that arrived from outside: the caller's deposits in its key's mode, and the sandbox's simulated inbound payment.</summary>
public static class DepositsEndpoints
{
    public static IEndpointRouteBuilder MapDepositsEndpoints(this IEndpointRouteBuilder app)
    {
        var deposits = app.MapGroup("/api/v1/deposits").WithTags("Deposits").RequirePermission(Permissions.TransfersRead);
        deposits.MapGet("", List).WithSummary("Your deposits, newest first (filters account, network, asset_code; cursor pages).");
        deposits.MapGet("/{id}", Get).WithSummary("One deposit.");
        app.MapGet("/api/v1/accounts/{id}/deposits", ListForAccount).WithTags("Deposits")
            .RequirePermission(Permissions.TransfersRead)
            .WithSummary("The account's deposits, newest first (filters network, asset_code; cursor pages).");
        app.MapPost("/api/v1/sandbox/deposit", SandboxDeposit).WithTags("Sandbox")
            .Accepts<SandboxDepositRequest>("application/json")
            .WithSummary("Simulate an inbound payment from an external address into the account's wallet: a deposit with its deposit.received event, "
                + "through the same path as a real one. Send an Idempotency-Key.")
            .RequirePermission(Permissions.SandboxWrite)
            .TestKeysOnly();
        return app;
    }

    private static Task<Ok<SuccessEnvelope<ListResponse<DepositResponse>>>> List(HttpContext http, IClusterClient orleans)
    {
        var account = ListQuery.String(http.Request, "account");
        if (account is not null && !RowellIds.IsValid(account, RowellIds.Account))
        {
            throw RowellException.Validation("account", "account must be one of your acc_ ids.");
        }
        return Page(http, orleans, Filter(http) with { AccountId = account });
    }

    private static async Task<Ok<SuccessEnvelope<ListResponse<DepositResponse>>>> ListForAccount(string id, HttpContext http, IClusterClient orleans)
    {
        if (!RowellIds.IsValid(id, RowellIds.Account))
        {
            throw RowellException.NotFound("Account");
        }
        var principal = http.Principal();
        var owned = await http.RequestServices.GetRequiredService<AccountReadCache>().GetAsync(orleans, id, principal.DeveloperId)
            ?? throw RowellException.NotFound("Account");
        principal.EnsureEnvironment(owned.Environment, $"account {owned.Id}");
        return await Page(http, orleans, Filter(http) with { AccountId = id });
    }

    private static async Task<Ok<SuccessEnvelope<DepositResponse>>> Get(string id, HttpContext http, IClusterClient orleans)
    {
        if (!RowellIds.IsValid(id, RowellIds.Deposit))
        {
            throw RowellException.NotFound("Deposit");
        }
        var deposit = await orleans.GetGrain<IDepositsGrain>(0).Get(http.Principal().DeveloperId, id, http.RequestAborted)
            ?? throw RowellException.NotFound("Deposit");
        http.Principal().EnsureEnvironment(deposit.Environment, $"deposit {id}");
        return EnvelopeResults.Ok(DepositResponse.From(deposit));
    }

    private static async Task<Results<Created<SuccessEnvelope<DepositResponse>>, ContentHttpResult>> SandboxDeposit(HttpContext http, IClusterClient orleans)
    {
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted);
        var accountId = body.RequiredString("account_id", 40);
        var asset = body.RequiredString("asset_code", 12);
        if (!Grains.Ledgers.AssetCatalog.Codes.Contains(asset))
        {
            throw RowellException.Validation("asset_code", $"asset_code must be one of {string.Join(", ", Grains.Ledgers.AssetCatalog.Codes)}.");
        }
        var amount = body.RequiredAmount("amount");
        if (amount <= 0)
        {
            throw RowellException.Validation("amount", "amount must be positive.");
        }
        var from = body.OptionalString("from_address", 100);
        body.RejectUnknownFields();
        if (!RowellIds.IsValid(accountId, RowellIds.Account))
        {
            throw RowellException.NotFound("Account");
        }
        var developer = http.Principal().DeveloperId;
        var command = new SandboxDepositCommand(accountId, asset, amount, from);
        return await Idempotency.CreateAsync(http, orleans, body, RowellIds.Deposit,
            async id => DepositResponse.From(await orleans.GetGrain<IDepositsGrain>(0).SandboxDeposit(developer, id, command, http.RequestAborted)));
    }

    /// <summary>Every list is scoped to the key's mode: test keys see testnet deposits, live keys mainnet.</summary>
    private static async Task<Ok<SuccessEnvelope<ListResponse<DepositResponse>>>> Page(HttpContext http, IClusterClient orleans, DepositFilter filter)
    {
        var principal = http.Principal();
        var page = await orleans.GetGrain<IDepositsGrain>(0).List(principal.DeveloperId, filter with { Environment = principal.Environment() },
            ListQuery.Page(http.Request), http.RequestAborted);
        return EnvelopeResults.Ok(new ListResponse<DepositResponse>(page.Items.Select(DepositResponse.From).ToList(), page.HasMore, page.NextCursor));
    }

    private static DepositFilter Filter(HttpContext http)
    {
        var asset = ListQuery.String(http.Request, "asset_code");
        if (asset is not null && !Grains.Ledgers.AssetCatalog.Codes.Contains(asset))
        {
            throw RowellException.Validation("asset_code", $"asset_code must be one of {string.Join(", ", Grains.Ledgers.AssetCatalog.Codes)}.");
        }
        return new DepositFilter(Network: ListQuery.Enum<Network>(http.Request, "network"), AssetCode: asset);
    }

}

public sealed record SandboxDepositRequest(string AccountId, string AssetCode, string Amount, string? FromAddress);

/// <summary>A deposit as the API returns it — the same fields as the deposit.received event's data.object (Grains/Deposits/DepositEvents.cs).</summary>
public sealed record DepositResponse(string Id, string Object, string AccountId, string WalletId, string Network, string AssetCode, string Amount,
    string FromAddress, string ToAddress, string TransactionHash, DateTimeOffset LedgerTime, DateTimeOffset CreatedAt)
{
    public static DepositResponse From(DepositView d) => new(d.Id, "deposit", d.AccountId, d.WalletId, d.Network.Wire(), d.AssetCode,
        Money.Format(Money.FromMinor(d.AmountMinor, d.Decimals), d.Decimals), d.FromAddress, d.ToAddress, d.TransactionHash, d.LedgerTime, d.CreatedAt);
}
