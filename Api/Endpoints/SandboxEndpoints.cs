using Microsoft.AspNetCore.Http.HttpResults;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;
using Rowell.Abstractions.Sandbox;
using Rowell.Api.Auth;
using Rowell.Api.Infrastructure;

namespace Rowell.Api.Endpoints;

/// <summary>Sandbox tools: sk_test_ keys with sandbox:write only (reading a simulation too), testnet data of the caller only.</summary>
public static class SandboxEndpoints
{
    public static IEndpointRouteBuilder MapSandboxEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sandbox").WithTags("Sandbox");

        group.MapPost("/fund", Fund)
            .Accepts<SandboxFundRequest>("application/json")
            .WithSummary("Credit a testnet account's wallet on the sandbox ledger; returns its balances.")
            .RequirePermission(Permissions.SandboxWrite)
            .TestKeysOnly();
        group.MapPost("/simulate", Simulate)
            .Accepts<SandboxSimulateRequest>("application/json")
            .WithSummary($"Start a simulation: demo testnet accounts ({SandboxSimulationLimits.MinAccounts}-{SandboxSimulationLimits.MaxAccounts}) and transfers between them ({SandboxSimulationLimits.MinTransfers}-{SandboxSimulationLimits.MaxTransfers}) through the real account and transfer paths. Answers 202 at once; poll the Location for progress. Send an Idempotency-Key.")
            .RequirePermission(Permissions.SandboxWrite)
            .TestKeysOnly();
        group.MapGet("/simulations/{id}", GetSimulation)
            .WithSummary("One simulation: status (running, completed, failed), progress counters and percent, the first 100 account and transfer ids.")
            .RequirePermission(Permissions.SandboxWrite)
            .TestKeysOnly();
        group.MapPost("/reset", Reset)
            .WithSummary("Stop your running simulations, then delete all your testnet accounts and wallets. Live (mainnet) data is never touched.")
            .RequirePermission(Permissions.SandboxWrite)
            .TestKeysOnly();
        return app;
    }

    private static async Task<Ok<SuccessEnvelope<List<BalanceResponse>>>> Fund(HttpContext http, IClusterClient orleans)
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
        return EnvelopeResults.Ok(balances.Select(BalanceResponse.From).ToList());
    }

    private static async Task<Results<Accepted<SuccessEnvelope<SandboxSimulationResponse>>, ContentHttpResult>> Simulate(HttpContext http, IClusterClient orleans)
    {
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted);
        var accounts = body.OptionalInt("accounts", SandboxSimulationLimits.MinAccounts, SandboxSimulationLimits.MaxAccounts) ?? SandboxSimulationLimits.DefaultAccounts;
        var transfers = body.OptionalInt("transfers", SandboxSimulationLimits.MinTransfers, SandboxSimulationLimits.MaxTransfers) ?? SandboxSimulationLimits.DefaultTransfers;
        body.RejectUnknownFields();
        var command = new SandboxSimulateCommand(accounts, transfers);
        var sandbox = orleans.GetGrain<ISandboxGrain>(http.Principal().DeveloperId);
        // 202: the answer is the simulation as started; the work continues in its grain, visible at the Location.
        return await Idempotency.AcceptAsync(http, orleans, body, RowellIds.Simulation,
            async id => SandboxSimulationResponse.From(await sandbox.StartSimulation(id, command, http.RequestAborted)),
            id => $"/api/v1/sandbox/simulations/{id}");
    }

    /// <summary>The caller's simulation or 404: a malformed id, a missing one and another developer's all look the same.</summary>
    private static async Task<Ok<SuccessEnvelope<SandboxSimulationResponse>>> GetSimulation(string id, HttpContext http, IClusterClient orleans)
    {
        if (!RowellIds.IsValid(id, RowellIds.Simulation))
        {
            throw RowellException.NotFound("Simulation");
        }
        var simulation = await orleans.GetGrain<ISandboxSimulationGrain>(id).Get(http.Principal().DeveloperId)
            ?? throw RowellException.NotFound("Simulation");
        return EnvelopeResults.Ok(SandboxSimulationResponse.From(simulation));
    }

    private static async Task<Ok<SuccessEnvelope<SandboxResetResponse>>> Reset(HttpContext http, IClusterClient orleans)
    {
        var result = await orleans.GetGrain<ISandboxGrain>(http.Principal().DeveloperId).Reset(http.RequestAborted);
        http.RequestServices.GetRequiredService<AccountReadCache>().ForgetDeveloper(http.Principal().DeveloperId);
        return EnvelopeResults.Ok(new SandboxResetResponse(result.DeletedAccountIds, result.DeletedWallets, result.StoppedSimulationIds,
            "Stopped: your running simulations (status failed). Kept: your developer profile, API keys and usage; every mainnet (sk_live_) resource; your transfer records (their accounts now answer 404); the sandbox ledger's own books (like a real chain, it still lists the old addresses)."));
    }

    private static readonly string[] AssetCodes = ["XLM", "HBAR", "USDC"];
}
