using Microsoft.AspNetCore.Http.HttpResults;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;
using Rowell.Api.Auth;
using Rowell.Api.Infrastructure;

namespace Rowell.Api.Endpoints;

/// <summary>Accounts, their wallets and balances. Each handler: validate, one grain call, map.</summary>
public static class AccountsEndpoints
{
    public static IEndpointRouteBuilder MapAccountsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/accounts").WithTags("Accounts");

        group.MapPost("/create", Create)
            .Accepts<CreateAccountRequest>("application/json")
            .WithSummary("Create a customer account with its first wallet.")
            .RequirePermission(Permissions.AccountsWrite);
        group.MapPost("", Create)
            .Accepts<CreateAccountRequest>("application/json")
            .WithSummary("Alias of POST /accounts/create.")
            .RequirePermission(Permissions.AccountsWrite);
        group.MapGet("", List)
            .WithSummary("List your accounts, newest first (filters: network, environment, account_type, country_code, kyc_status).")
            .RequirePermission(Permissions.AccountsRead);
        group.MapGet("/{id}", Get)
            .WithSummary("One account.")
            .RequirePermission(Permissions.AccountsRead);
        group.MapGet("/{id}/balances", Balances)
            .WithSummary("Balances of every wallet of the account, as decimal strings.")
            .RequirePermission(Permissions.AccountsRead);
        group.MapPost("/{id}/wallets", AddWallet)
            .Accepts<CreateWalletRequest>("application/json")
            .WithSummary("Add a wallet on the other network.")
            .RequirePermission(Permissions.AccountsWrite);
        group.MapGet("/{id}/wallets", Wallets)
            .WithSummary("The account's wallets.")
            .RequirePermission(Permissions.AccountsRead);
        return app;
    }

    private static async Task<Results<Created<SuccessEnvelope<AccountResponse>>, ContentHttpResult>> Create(HttpContext http, IClusterClient orleans, CountryCatalog countries)
    {
        var principal = http.Principal();
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted);
        var network = body.RequiredEnum<Network>("network");
        var environment = body.RequiredEnum<LedgerEnvironment>("environment");
        var accountType = body.RequiredEnum<AccountType>("account_type");
        var country = body.RequiredString("country_code", 2);
        countries.RegionOf(country, "country_code");
        var metadata = body.OptionalStringMap("metadata");
        body.RejectUnknownFields();
        principal.EnsureEnvironment(environment);

        var command = new CreateAccountCommand(principal.DeveloperId, network, environment, accountType, country, metadata);
        return await Idempotency.CreateAsync(http, orleans, body, RowellIds.Account,
            async id => AccountResponse.From(await orleans.GetGrain<IAccountGrain>(id).Create(command, http.RequestAborted)));
    }

    private static async Task<Ok<SuccessEnvelope<ListResponse<AccountResponse>>>> List(HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        // A key lists its own environment only; asking for the other one is the same 403 as reading it.
        var environment = ListQuery.Enum<LedgerEnvironment>(http.Request, "environment") ?? principal.Environment();
        principal.EnsureEnvironment(environment);
        var filter = new AccountFilter(
            ListQuery.Enum<Network>(http.Request, "network"),
            environment,
            ListQuery.Enum<AccountType>(http.Request, "account_type"),
            ListQuery.String(http.Request, "country_code"),
            ListQuery.Enum<KycStatus>(http.Request, "kyc_status"));
        var page = await orleans.GetGrain<IAccountQueryGrain>(0).List(principal.DeveloperId, filter, ListQuery.Page(http.Request), http.RequestAborted);
        return EnvelopeResults.Ok(new ListResponse<AccountResponse>(page.Items.Select(AccountResponse.From).ToList(), page.HasMore, page.NextCursor));
    }

    private static async Task<Ok<SuccessEnvelope<AccountResponse>>> Get(string id, HttpContext http, IClusterClient orleans) =>
        EnvelopeResults.Ok(AccountResponse.From(await Find(id, http, orleans)));

    private static async Task<Ok<SuccessEnvelope<List<BalanceResponse>>>> Balances(string id, HttpContext http, IClusterClient orleans)
    {
        await Find(id, http, orleans);
        var balances = await orleans.GetGrain<IAccountGrain>(id).GetBalances(http.Principal().DeveloperId, http.RequestAborted);
        return EnvelopeResults.Ok(balances.Select(BalanceResponse.From).ToList());
    }

    private static async Task<Results<Created<SuccessEnvelope<WalletResponse>>, ContentHttpResult>> AddWallet(string id, HttpContext http, IClusterClient orleans)
    {
        await Find(id, http, orleans);
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted);
        var network = body.RequiredEnum<Network>("network");
        body.RejectUnknownFields();
        return await Idempotency.CreateAsync(http, orleans, body, RowellIds.Wallet, async walletId =>
        {
            var wallet = await orleans.GetGrain<IAccountGrain>(id).AddWallet(http.Principal().DeveloperId, walletId, network, http.RequestAborted);
            // The account's view now lists one more wallet: read-your-writes on this instance.
            http.RequestServices.GetRequiredService<AccountReadCache>().Forget(id);
            return WalletResponse.From(wallet);
        });
    }

    private static async Task<Ok<SuccessEnvelope<List<WalletResponse>>>> Wallets(string id, HttpContext http, IClusterClient orleans)
    {
        var account = await Find(id, http, orleans);
        return EnvelopeResults.Ok(account.Wallets.Select(WalletResponse.From).ToList());
    }

    /// <summary>The caller's account or 404: a malformed id, a missing one and another developer's all look the same.</summary>
    private static async Task<AccountView> Find(string id, HttpContext http, IClusterClient orleans)
    {
        if (!RowellIds.IsValid(id, RowellIds.Account))
        {
            throw RowellException.NotFound("Account");
        }
        var principal = http.Principal();
        var account = await http.RequestServices.GetRequiredService<AccountReadCache>().GetAsync(orleans, id, principal.DeveloperId)
            ?? throw RowellException.NotFound("Account");
        principal.EnsureEnvironment(account.Environment, $"account {account.Id}");
        return account;
    }
}
