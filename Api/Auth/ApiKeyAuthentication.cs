using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;
using Rowell.Api.Infrastructure;

namespace Rowell.Api.Auth;

/// <summary>
/// Authenticates /api/v1 requests by API key (Bearer or X-API-Key). A verified principal is cached
/// for a few seconds so the hot path costs one memory lookup; revocation therefore takes effect
/// within <see cref="CacheFor"/> on every API instance. A well-formed secret that is not a live key is
/// remembered as such for <see cref="ApiKeyMissCache.For"/> (a fresh key was never presented before it was
/// issued, so it still works at once); a malformed one never reaches a grain at all.
/// </summary>
public static class ApiKeyAuthentication
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(4);
    private const string PrincipalItem = "rowell.principal";

    /// <summary>The few endpoints that need no key.</summary>
    private static bool IsAnonymous(HttpRequest r) =>
        !r.Path.StartsWithSegments("/api/v1")
        || (HttpMethods.IsPost(r.Method) && r.Path.Equals("/api/v1/developers/register", StringComparison.OrdinalIgnoreCase));

    public static IApplicationBuilder UseApiKeyAuthentication(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (IsAnonymous(http.Request))
            {
                await next(http);
                return;
            }
            var secret = Presented(http.Request);
            if (secret is null)
            {
                await Envelope.Error(http, ErrorCodes.Unauthorized, "Send your API key as 'Authorization: Bearer sk_test_…' or 'X-API-Key'.").ExecuteAsync(http);
                return;
            }
            var principal = await AuthenticateAsync(http.RequestServices, secret);
            if (principal is null)
            {
                await Envelope.Error(http, ErrorCodes.Unauthorized, "The API key is unknown, revoked or expired.").ExecuteAsync(http);
                return;
            }
            http.Items[PrincipalItem] = principal;
            await next(http);
        });

    /// <summary>The authenticated principal, or null on anonymous paths.</summary>
    public static ApiKeyPrincipal? PrincipalOrNull(this HttpContext http) =>
        http.Items.TryGetValue(PrincipalItem, out var p) ? p as ApiKeyPrincipal : null;

    public static ApiKeyPrincipal Principal(this HttpContext http) =>
        http.Items[PrincipalItem] as ApiKeyPrincipal
        ?? throw new RowellException(ErrorCodes.Unauthorized, "This endpoint needs an API key.");

    private static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }
        var apiKey = request.Headers["X-API-Key"].ToString();
        return apiKey.Length > 0 ? apiKey.Trim() : null;
    }

    private static async Task<ApiKeyPrincipal?> AuthenticateAsync(IServiceProvider services, string secret)
    {
        var keyId = ApiKeySecrets.KeyIdOf(secret);
        if (keyId is null)
        {
            return null;
        }
        var cache = services.GetRequiredService<IMemoryCache>();
        // Cache by a hash of the secret: the plaintext never sits in memory longer than the request.
        var cacheKey = "apikey:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        if (cache.TryGetValue(cacheKey, out ApiKeyPrincipal? cached))
        {
            return cached;
        }
        var misses = services.GetRequiredService<ApiKeyMissCache>();
        if (misses.IsKnownMiss(cacheKey))
        {
            return null;
        }
        misses.CountLookup();
        var principal = await services.GetRequiredService<IClusterClient>().GetGrain<IApiKeyGrain>(keyId).Authenticate(secret);
        if (principal is null)
        {
            misses.RememberMiss(cacheKey);
        }
        else
        {
            // An expiring key must not outlive its expiry in the cache either.
            var until = DateTimeOffset.UtcNow + CacheFor;
            cache.Set(cacheKey, principal, principal.ExpiresAt is { } expires && expires < until ? expires : until);
        }
        return principal;
    }
}
