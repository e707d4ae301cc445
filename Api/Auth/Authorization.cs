using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;

namespace Rowell.Api.Auth;

/// <summary>
/// What an endpoint demands of the calling key, declared next to the endpoint:
/// <c>.RequirePermission(Permissions.AccountsWrite)</c>, <c>.AnyPermission()</c> (developer self-service),
/// and <c>.TestKeysOnly()</c> (sandbox tools). Checked once, by <see cref="Check"/>, in the request pipeline
/// after authentication and rate limiting, so a refused call still counts and still carries the headers.
/// Every authenticated /api/v1 endpoint must declare one (a test enumerates them), so nothing is open by accident.
/// </summary>
public sealed record PermissionRequirement(string? Permission);

public sealed record TestKeysOnlyRequirement;

public static class Authorization
{
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PermissionRequirement(permission));

    /// <summary>Any valid key of the developer may call it (its own profile, keys, usage).</summary>
    public static TBuilder AnyPermission<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PermissionRequirement(null));

    public static TBuilder TestKeysOnly<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new TestKeysOnlyRequirement());

    /// <summary>Throws FORBIDDEN when the endpoint's declared requirement is not met by the key.</summary>
    public static void Check(HttpContext http, ApiKeyPrincipal principal)
    {
        // No route, or the routing's own 405 / 415 answers (plain endpoints, not routes): nothing to authorise.
        if (http.GetEndpoint() is not RouteEndpoint endpoint)
        {
            return;
        }
        var requirement = endpoint.Metadata.GetMetadata<PermissionRequirement>()
            ?? throw new RowellException(ErrorCodes.Forbidden, "This endpoint declares no permission, so no key may call it.");
        if (endpoint.Metadata.GetMetadata<TestKeysOnlyRequirement>() is not null && !principal.IsTest)
        {
            throw new RowellException(ErrorCodes.Forbidden, "Sandbox tools take sk_test_ keys only; this is a live (sk_live_) key.");
        }
        if (requirement.Permission is { } permission && !principal.Has(permission))
        {
            throw new RowellException(ErrorCodes.Forbidden, $"This API key lacks the '{permission}' permission.");
        }
    }

    /// <summary>
    /// sk_test_ keys reach testnet resources only and sk_live_ keys mainnet only. Call it with the
    /// environment of the resource (after the ownership check, so other developers' ids stay 404).
    /// </summary>
    public static void EnsureEnvironment(this ApiKeyPrincipal principal, LedgerEnvironment environment, string? what = null)
    {
        var allowed = principal.IsTest ? LedgerEnvironment.Testnet : LedgerEnvironment.Mainnet;
        if (environment != allowed)
        {
            var subject = what is null ? $"{environment.Wire()} resources" : $"{what} (on {environment.Wire()})";
            throw new RowellException(ErrorCodes.Forbidden, principal.IsTest
                ? $"A test key (sk_test_) cannot use {subject}: test keys see testnet only. Use an sk_live_ key."
                : $"A live key (sk_live_) cannot use {subject}: live keys see mainnet only. Use an sk_test_ key.");
        }
    }

    public static LedgerEnvironment Environment(this ApiKeyPrincipal principal) =>
        principal.IsTest ? LedgerEnvironment.Testnet : LedgerEnvironment.Mainnet;
}
