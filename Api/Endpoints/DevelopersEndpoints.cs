using System.Net.Mail;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;
using Rowell.Api.Auth;
using Rowell.Api.Infrastructure;

namespace Rowell.Api.Endpoints;

public static class DevelopersEndpoints
{
    public static IEndpointRouteBuilder MapDevelopersEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/developers").WithTags("Developers");

        group.MapPost("/register", Register)
            .Accepts<RegisterDeveloperRequest>("application/json")
            .Produces<SuccessEnvelope<RegistrationResponse>>(StatusCodes.Status201Created)
            .WithSummary("Register a developer; returns the first sk_test_ key once.");

        group.MapGet("/me", Me)
            .Produces<SuccessEnvelope<DeveloperResponse>>()
            .WithSummary("The developer that owns the calling key.");
        return app;
    }

    private static async Task<IResult> Register(HttpContext http, IClusterClient orleans, CountryCatalog countries)
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
        if (command.CountryCode is not null && !countries.TryGetRegion(command.CountryCode, out _))
        {
            throw RowellException.Validation("country_code", $"country_code must be one of {string.Join(", ", countries.Codes.Order())}.");
        }
        body.RejectUnknownFields();

        var registration = await orleans.GetGrain<IDeveloperGrain>(RowellIds.New(RowellIds.Developer)).Register(command);
        return Envelope.Created(new RegistrationResponse(
            DeveloperResponse.From(registration.Developer),
            ApiKeyResponse.From(registration.ApiKey.Key, registration.ApiKey.Secret),
            "Store the API key now: it is shown only once."));
    }

    private static async Task<IResult> Me(HttpContext http, IClusterClient orleans)
    {
        var developer = await orleans.GetGrain<IDeveloperGrain>(http.Principal().DeveloperId).Get()
            ?? throw RowellException.NotFound("Developer");
        return Envelope.Ok(DeveloperResponse.From(developer));
    }

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var parsed) && parsed.Address == value && value.Contains('.', StringComparison.Ordinal);
}
