using Microsoft.AspNetCore.Http.HttpResults;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;
using Rowell.Abstractions.Transfers;
using Rowell.Api.Auth;
using Rowell.Api.Infrastructure;

namespace Rowell.Api.Endpoints;

/// <summary>Transfers: validate the request, one grain call, map. The state machine lives in Grains/Transfers/TransferGrain.cs.</summary>
public static class TransfersEndpoints
{
    public static IEndpointRouteBuilder MapTransfersEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/transfers").WithTags("Transfers");
        group.MapPost("/create", Create)
            .Accepts<CreateTransferRequest>("application/json")
            .WithSummary("Send money from one of your accounts to an account or an address. Send an Idempotency-Key.")
            .RequirePermission(Permissions.TransfersWrite);
        group.MapPost("", Create)
            .Accepts<CreateTransferRequest>("application/json")
            .WithSummary("Alias of POST /transfers/create.")
            .RequirePermission(Permissions.TransfersWrite);
        group.MapGet("", List)
            .WithSummary("Your transfers, newest first (filters: status, asset_code, network, from_country, to_country, account).")
            .RequirePermission(Permissions.TransfersRead);
        group.MapGet("/{id}", Get).WithSummary("One transfer.").RequirePermission(Permissions.TransfersRead);
        group.MapGet("/{id}/status", Status).WithSummary("Just the status, for polling.").RequirePermission(Permissions.TransfersRead);
        group.MapGet("/{id}/events", Events).WithSummary("The transfer's timeline.").RequirePermission(Permissions.TransfersRead);
        group.MapPost("/{id}/retry", Retry).WithSummary("Retry a failed, retryable transfer (409 otherwise).").RequirePermission(Permissions.TransfersWrite);
        return app;
    }

    private static async Task<Results<Created<SuccessEnvelope<TransferResponse>>, JsonHttpResult<ErrorEnvelope>>> Create(HttpContext http, IClusterClient orleans, CountryCatalog countries)
    {
        var principal = http.Principal();
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted);
        var from = body.RequiredString("from_account", 64);
        var to = body.RequiredString("to_account", 100);
        var asset = body.RequiredString("asset_code", 12);
        var amount = body.RequiredAmount("amount");
        var memo = body.OptionalString("memo", 100);
        var metadata = body.OptionalStringMap("metadata");
        var fromCountry = countries.Check(body.OptionalString("from_country", 2), "from_country");
        var toCountry = countries.Check(body.OptionalString("to_country", 2), "to_country");
        body.RejectUnknownFields();
        // The account metadata rules, checked here too so a bad map is a 400 before any Idempotency-Key is claimed.
        MetadataLimits.Validate(metadata);
        if (!RowellIds.IsValid(from, RowellIds.Account))
        {
            throw RowellException.Validation("from_account", "from_account must be one of your acc_ ids.");
        }

        // Test keys move testnet money only, live keys mainnet only (another developer's account stays the grain's 404).
        if (await http.RequestServices.GetRequiredService<AccountReadCache>().GetAsync(orleans, from, principal.DeveloperId) is { } fromAccount)
        {
            principal.EnsureEnvironment(fromAccount.Environment, $"account {from}");
        }
        var command = new CreateTransferCommand(principal.DeveloperId, from, to, asset, amount, memo, metadata, fromCountry, toCountry);
        // One call does the Idempotency-Key claim, the creation and storing the first outcome.
        var creation = await orleans.GetGrain<ITransferIntakeGrain>(0).Create(
            Idempotency.ScopedKey(http), Idempotency.Fingerprint(http, body), RequestId.Of(http), command, http.RequestAborted);
        if (creation.Replayed)
        {
            Idempotency.MarkReplayed(http);
        }
        // Rendered only from the stored outcome (timestamp included), so replays are byte-identical.
        if (creation.ErrorCode is null)
        {
            return EnvelopeResults.Created(TransferResponse.From(creation.Transfer!), creation.At);
        }
        // A stored business error (e.g. INSUFFICIENT_FUNDS) answers again as the first time, request id included.
        return TypedResults.Json(new ErrorEnvelope(false, new ErrorDetail(creation.ErrorCode, creation.ErrorMessage!,
                (creation.ErrorDetails ?? new Dictionary<string, string>()).ToDictionary(kv => kv.Key, kv => (object?)kv.Value)), ApiJson.Timestamp(creation.At), creation.RequestId),
            ApiJson.Options, statusCode: Envelope.StatusFor(creation.ErrorCode));
    }

    private static async Task<Ok<SuccessEnvelope<ListResponse<TransferResponse>>>> List(HttpContext http, IClusterClient orleans, CountryCatalog countries)
    {
        var status = ListQuery.String(http.Request, "status");
        TransferStatus? parsed = null;
        if (status is not null)
        {
            parsed = TransferStatusNames.TryParse(status, out var s)
                ? s
                : throw RowellException.Validation("status", $"status must be one of {string.Join(", ", TransferStatusNames.Names)}.");
        }
        var filter = new TransferFilter(
            parsed,
            AssetFilter(ListQuery.String(http.Request, "asset_code")),
            ListQuery.Enum<Network>(http.Request, "network"),
            countries.Check(ListQuery.String(http.Request, "from_country"), "from_country"),
            countries.Check(ListQuery.String(http.Request, "to_country"), "to_country"),
            ListQuery.String(http.Request, "account"));
        return await Page(http, orleans, filter, TransferResponse.From);
    }

    private static async Task<Ok<SuccessEnvelope<TransferResponse>>> Get(string id, HttpContext http, IClusterClient orleans) =>
        EnvelopeResults.Ok(TransferResponse.From(await Find(id, http, orleans)));

    private static async Task<Ok<SuccessEnvelope<TransferStatusResponse>>> Status(string id, HttpContext http, IClusterClient orleans)
    {
        var t = await Find(id, http, orleans);
        return EnvelopeResults.Ok(new TransferStatusResponse(t.Id, t.Status.Wire(), t.TransactionHash, t.FailureCode, t.UpdatedAt));
    }

    private static async Task<Ok<SuccessEnvelope<List<TransferEventResponse>>>> Events(string id, HttpContext http, IClusterClient orleans)
    {
        await Find(id, http, orleans);
        var events = await orleans.GetGrain<ITransferGrain>(id).GetEvents(http.Principal().DeveloperId);
        return EnvelopeResults.Ok(events.Select(TransferEventResponse.From).ToList());
    }

    private static async Task<Ok<SuccessEnvelope<TransferResponse>>> Retry(string id, HttpContext http, IClusterClient orleans)
    {
        await Find(id, http, orleans);
        var view = await orleans.GetGrain<ITransferGrain>(id).Retry(http.Principal().DeveloperId, http.RequestAborted);
        return EnvelopeResults.Ok(TransferResponse.From(view));
    }

    internal static async Task<Ok<SuccessEnvelope<ListResponse<T>>>> Page<T>(HttpContext http, IClusterClient orleans, TransferFilter filter, Func<TransferView, T> map)
    {
        // Every list is scoped to the key's environment: test keys see testnet, live keys mainnet.
        var principal = http.Principal();
        var page = await orleans.GetGrain<ITransferQueryGrain>(0).List(principal.DeveloperId, filter with { Environment = principal.Environment() },
            ListQuery.Page(http.Request), http.RequestAborted);
        return EnvelopeResults.Ok(new ListResponse<T>(page.Items.Select(map).ToList(), page.HasMore, page.NextCursor));
    }

    private static string? AssetFilter(string? code) =>
        code is null || Rowell.Grains.Ledgers.AssetCatalog.Codes.Contains(code)
            ? code
            : throw RowellException.Validation("asset_code", $"asset_code must be one of {string.Join(", ", Rowell.Grains.Ledgers.AssetCatalog.Codes)}.");

    private static async Task<TransferView> Find(string id, HttpContext http, IClusterClient orleans)
    {
        if (!RowellIds.IsValid(id, RowellIds.Transfer))
        {
            throw RowellException.NotFound("Transfer");
        }
        var transfer = await orleans.GetGrain<ITransferGrain>(id).Get(http.Principal().DeveloperId)
            ?? throw RowellException.NotFound("Transfer");
        http.Principal().EnsureEnvironment(transfer.Environment, $"transfer {id}");
        return transfer;
    }
}
