using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Dashboard;
using Rowell.Grains.Hosting;

namespace Rowell.Grains.Observability;

/// <summary>
/// The official Orleans dashboard (silos, grain activations, calls, reminders) for operators. It exists only when
/// ADMIN_TOKEN is set (the silo then adds the dashboard's grain-call profiling) and answers only with that token:
/// <c>Authorization: Bearer $ADMIN_TOKEN</c>, or HTTP Basic with the token as the password, which a browser
/// prompts for. It is served on the silo's metrics listener (ROWELL_METRICS_PORT, private) and, in embedded mode,
/// on the API under /admin/dashboard; nginx proxies neither.
/// </summary>
public static class OperatorDashboard
{
    public static bool Map(IEndpointRouteBuilder app, RowellSettings settings, string routePrefix)
    {
        if (settings.AdminToken is null)
        {
            return false;
        }
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(settings.AdminToken));
        app.MapOrleansDashboard(routePrefix).AddEndpointFilter(async (ctx, next) =>
        {
            if (!Presented(ctx.HttpContext.Request, expected))
            {
                ctx.HttpContext.Response.Headers.WWWAuthenticate = "Basic realm=\"Rowell operators\", charset=\"UTF-8\"";
                return Results.Text("The dashboard needs ADMIN_TOKEN (Bearer, or Basic with the token as password).", statusCode: StatusCodes.Status401Unauthorized);
            }
            return await next(ctx);
        }).ExcludeFromDescription();
        return true;
    }

    private static bool Presented(HttpRequest request, byte[] expected)
    {
        var header = request.Headers.Authorization.ToString();
        string presented;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = header["Bearer ".Length..].Trim();
        }
        else if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                presented = decoded[(decoded.IndexOf(':') + 1)..];
            }
            catch (FormatException)
            {
                return false;
            }
        }
        else
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), expected);
    }
}
