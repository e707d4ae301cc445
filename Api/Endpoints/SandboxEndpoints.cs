using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;
using Rowell.Abstractions.Sandbox;
using Rowell.Api.Auth;
using Rowell.Api.Infrastructure;

namespace Rowell.Api.Endpoints;

/// <summary>Sandbox tools: sk_test_ keys with sandbox:write only, testnet data of the caller only.</summary>
public static class SandboxEndpoints
{
    public static IEndpointRouteBuilder MapSandboxEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sandbox").WithTags("Sandbox");

        group.MapPost("/fund", Fund)
            .Accepts<SandboxFundRequest>("application/json")
            .Produces<SuccessEnvelope<IReadOnlyList<BalanceResponse>>>()
            .WithSummary("Credit a testnet account's wallet on the sandbox ledger; returns its balances.")
            .RequirePermission(Permissions.SandboxWrite)
            .TestKeysOnly();
        group.MapPost("/simulate", Simulate)
            .Accepts<SandboxSimulateRequest>("application/json")
            .Produces<SuccessEnvelope<SandboxSimulateResponse>>()
            .WithSummary("Create demo testnet accounts (2-50) and transfers between them (0-200) through the real account and transfer paths.")
            .RequirePermission(Permissions.SandboxWrite)
            .TestKeysOnly();
        group.MapPost("/reset", Reset)
            .Produces<SuccessEnvelope<SandboxResetResponse>>()
            .WithSummary("Delete all your testnet accounts and wallets. Live (mainnet) data is never touched.")
            .RequirePermission(Permissions.SandboxWrite)
            .TestKeysOnly();
        return app;
    }

    private static async Task<IResult> Fund(HttpContext http, IClusterClient orleans)
    {
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted);
        var accountId = body.RequiredString("account_id", 40);
        var asset = body.RequiredString("asset_code", 12);
        if (!AssetCodes.Contains(asset))
        {
            throw RowellException.Validation("asset_code", "asset_code must be one of XLM, HBAR, USDC.");
        }
        var amount = body.RequiredAmount("amount");
        if (amount <= 0)
        {
            throw RowellException.Validation("amount", "amount must be positive.");
        }
        body.RejectUnknownFields();
        if (!RowellIds.IsValid(accountId, RowellIds.Account))
        {
            throw RowellException.NotFound("Account");
        }
        var balances = await orleans.GetGrain<ISandboxGrain>(http.Principal().DeveloperId)
            .Fund(new SandboxFundCommand(accountId, asset, amount), http.RequestAborted);
        return Envelope.Ok(balances.Select(BalanceResponse.From).ToList());
    }

    private static async Task<IResult> Simulate(HttpContext http, IClusterClient orleans)
    {
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted);
        var accounts = body.OptionalInt("accounts", 2, 50) ?? 5;
        var transfers = body.OptionalInt("transfers", 0, 200) ?? 10;
        body.RejectUnknownFields();
        var result = await orleans.GetGrain<ISandboxGrain>(http.Principal().DeveloperId)
            .Simulate(new SandboxSimulateCommand(accounts, transfers), http.RequestAborted);
        return Envelope.Ok(new SandboxSimulateResponse(result.AccountIds, result.TransferIds, result.TransferStatuses, result.TransfersRefused));
    }

    private static async Task<IResult> Reset(HttpContext http, IClusterClient orleans)
    {
        var result = await orleans.GetGrain<ISandboxGrain>(http.Principal().DeveloperId).Reset(http.RequestAborted);
        http.RequestServices.GetRequiredService<AccountReadCache>().ForgetDeveloper(http.Principal().DeveloperId);
        return Envelope.Ok(new SandboxResetResponse(result.DeletedAccountIds, result.DeletedWallets,
            "Kept: your developer profile, API keys and usage; every mainnet (sk_live_) resource; your transfer records (their accounts now answer 404); the sandbox ledger's own books (like a real chain, it still lists the old addresses)."));
    }

    private static readonly string[] AssetCodes = ["XLM", "HBAR", "USDC"];
}
