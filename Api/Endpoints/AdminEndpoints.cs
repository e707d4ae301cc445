using System.Security.Cryptography;
using System.Text;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;
using Rowell.Api.Infrastructure;
using Rowell.Api.RateLimiting;

namespace Rowell.Api.Endpoints;

/// <summary>
/// Operator endpoints, outside /api/v1 and the public OpenAPI document. They exist only when ADMIN_TOKEN
/// is set (otherwise 404) and take <c>Authorization: Bearer $ADMIN_TOKEN</c>, compared in constant time.
/// Keep /admin off the public proxy (nginx serves /api and /health only).
/// </summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var settings = app.ServiceProvider.GetRequiredService<RateLimitSettings>();
        if (settings.AdminToken is null)
        {
            return app;
        }
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(settings.AdminToken));
        var group = app.MapGroup("/admin").ExcludeFromDescription();
        group.AddEndpointFilter(async (ctx, next) =>
        {
            var header = ctx.HttpContext.Request.Headers.Authorization.ToString();
            var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
            if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), expected))
            {
                throw new RowellException(ErrorCodes.Unauthorized, "Admin endpoints need 'Authorization: Bearer <ADMIN_TOKEN>'.");
            }
            return await next(ctx);
        });

        // PUT /admin/developers/{id}/tier {"tier":"free|pro|enterprise","rate_limit":5000?}
        group.MapPut("/developers/{id}/tier", async (string id, HttpContext http, IClusterClient orleans) =>
        {
            var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted);
            var tier = body.RequiredString("tier", 20);
            var rateLimit = body.OptionalInt("rate_limit", 1, 1_000_000);
            body.RejectUnknownFields();
            if (!RowellIds.IsValid(id, RowellIds.Developer))
            {
                throw RowellException.NotFound("Developer");
            }
            var developer = await orleans.GetGrain<IDeveloperGrain>(id).SetTier(tier, rateLimit);
            return EnvelopeResults.Ok(DeveloperResponse.From(developer));
        });
        return app;
    }
}
