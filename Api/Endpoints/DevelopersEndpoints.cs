using Microsoft.AspNetCore.Http.HttpResults;
using System.Net.Mail;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;
using Rowell.Api.Auth;
using Rowell.Api.Infrastructure;
using Rowell.Api.Usage;

namespace Rowell.Api.Endpoints;

public static class DevelopersEndpoints
{
    public static IEndpointRouteBuilder MapDevelopersEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/developers").WithTags("Developers");

        group.MapPost("/register", Register)
            .Accepts<RegisterDeveloperRequest>("application/json")
            .WithSummary("Register a developer; returns the first sk_test_ key once.");

        group.MapGet("/me", Me)
            .WithSummary("The developer that owns the calling key.")
            .AnyPermission();
        group.MapPost("/me/api-keys", CreateKey)
            .Accepts<CreateApiKeyRequest>("application/json")
            .WithSummary("Create an API key (mode test|live, permissions, optional expires_at); the secret is returned once.")
            .AnyPermission();
        group.MapGet("/me/api-keys", ListKeys)
            .WithSummary("Your API keys, newest first, without secrets.")
            .AnyPermission();
        group.MapDelete("/me/api-keys/{key_id}", RevokeKey)
            .WithSummary("Revoke an API key: every API instance refuses it within 4 s.")
            .AnyPermission();
        group.MapGet("/me/usage", Usage)
            .WithSummary("Requests per UTC day and per endpoint (route template), newest day first; ?days=1..90 (default 30).")
            .AnyPermission();
        return app;
    }

    private static async Task<Created<SuccessEnvelope<RegistrationResponse>>> Register(HttpContext http, IClusterClient orleans, CountryCatalog countries)
    {
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted);
        var email = body.RequiredString("email", 254);
        if (!IsEmail(email))
        {
            throw RowellException.Validation("email", "email must be a valid email address.");
        }
        var command = new RegisterDeveloperCommand(
            email,
            body.RequiredString("first_name", 100),
            body.RequiredString("last_name", 100),
            body.OptionalString("company", 200),
            body.OptionalString("country_code", 2));
        countries.Check(command.CountryCode, "country_code");
        body.RejectUnknownFields();

        var registration = await orleans.GetGrain<IDeveloperGrain>(RowellIds.New(RowellIds.Developer)).Register(command);
        return EnvelopeResults.Created(new RegistrationResponse(
            DeveloperResponse.From(registration.Developer),
            ApiKeyResponse.From(registration.ApiKey.Key, registration.ApiKey.Secret),
            "Store the API key now: it is shown only once."));
    }

    private static async Task<Ok<SuccessEnvelope<DeveloperResponse>>> Me(HttpContext http, IClusterClient orleans)
    {
        var developer = await orleans.GetGrain<IDeveloperGrain>(http.Principal().DeveloperId).Get()
            ?? throw RowellException.NotFound("Developer");
        return EnvelopeResults.Ok(DeveloperResponse.From(developer));
    }

    private static async Task<Created<SuccessEnvelope<ApiKeyResponse>>> CreateKey(HttpContext http, IClusterClient orleans)
    {
        var principal = http.Principal();
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted);
        var name = body.RequiredString("name", 100);
        var mode = body.RequiredString("mode", 10);
        if (mode is not (ApiKeyModes.Test or ApiKeyModes.Live))
        {
            throw RowellException.Validation("mode", "mode must be one of test, live.");
        }
        var permissions = body.OptionalStringList("permissions", maxItems: Permissions.All.Count);
        var expiresAt = body.OptionalTimestamp("expires_at");
        body.RejectUnknownFields();
        permissions ??= Permissions.DefaultFor(mode).Where(principal.Has).ToList();
        // A key can hand out only what it holds itself, so a narrow key cannot mint a broader one.
        var beyond = permissions.Where(p => Permissions.All.Contains(p) && !principal.Has(p)).ToList();
        if (beyond.Count > 0)
        {
            throw new RowellException(ErrorCodes.Forbidden, $"This API key cannot grant permissions it does not hold: {string.Join(", ", beyond)}.");
        }
        var issued = await orleans.GetGrain<IDeveloperGrain>(principal.DeveloperId).CreateApiKey(new CreateApiKeyCommand(name, mode, permissions, expiresAt));
        return EnvelopeResults.Created(ApiKeyResponse.From(issued.Key, issued.Secret));
    }

    private static async Task<Ok<SuccessEnvelope<List<ApiKeyResponse>>>> ListKeys(HttpContext http, IClusterClient orleans)
    {
        var keys = await orleans.GetGrain<IDeveloperGrain>(http.Principal().DeveloperId).ListApiKeys();
        return EnvelopeResults.Ok(keys.Select(k => ApiKeyResponse.From(k)).ToList());
    }

    private static async Task<Ok<SuccessEnvelope<ApiKeyResponse>>> RevokeKey(string key_id, HttpContext http, IClusterClient orleans)
    {
        if (!RowellIds.IsValid(key_id, RowellIds.ApiKey))
        {
            throw RowellException.NotFound("API key");
        }
        var revoked = await orleans.GetGrain<IDeveloperGrain>(http.Principal().DeveloperId).RevokeApiKey(key_id);
        return EnvelopeResults.Ok(ApiKeyResponse.From(revoked));
    }

    private static async Task<Ok<SuccessEnvelope<UsageResponse>>> Usage(HttpContext http, IClusterClient orleans, UsageRecorder usage)
    {
        var days = 30;
        if (http.Request.Query.TryGetValue("days", out var raw) && (!int.TryParse(raw.ToString(), out days) || days is < 1 or > 90))
        {
            throw RowellException.Validation("days", "days must be a whole number from 1 to 90.");
        }
        var developerId = http.Principal().DeveloperId;
        // This instance's not-yet-flushed counts go first, so a caller sees its own latest requests.
        await usage.FlushAsync(developerId, http.RequestAborted);
        var report = await orleans.GetGrain<IDeveloperGrain>(developerId).GetUsage(days);
        return EnvelopeResults.Ok(new UsageResponse(
            report.Sum(d => d.Requests),
            report.Select(d => new UsageDayResponse(d.Day, d.Requests, d.RateLimited,
                d.Endpoints.Select(e => new UsageEndpointResponse(e.Key, e.Value)).ToList())).ToList()));
    }

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var parsed) && parsed.Address == value && value.Contains('.', StringComparison.Ordinal);
}
