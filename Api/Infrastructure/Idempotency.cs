using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Idempotency;
using Rowell.Api.Auth;

namespace Rowell.Api.Infrastructure;

/// <summary>
/// Idempotency-Key for creating POSTs (Stripe semantics): same key + same request → the first
/// response, replayed with "Idempotent-Replayed: true"; same key + another request → 409
/// IDEMPOTENCY_KEY_REUSED. Validation errors are answered before the key is claimed, so a
/// corrected request may reuse the key. Business errors (e.g. INSUFFICIENT_FUNDS) are stored and replayed.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";

    /// <summary>Runs <paramref name="create"/> with the resource id to create, at most once per key; answers 201.</summary>
    public static async Task<Results<Created<SuccessEnvelope<T>>, ContentHttpResult>> CreateAsync<T>(HttpContext http, IClusterClient orleans, JsonBody body,
        string resourcePrefix, Func<string, Task<T>> create)
    {
        var (fresh, stored) = await RunAsync(http, orleans, body, resourcePrefix, create, StatusCodes.Status201Created, location: null);
        return stored is null ? EnvelopeResults.Created(fresh!.Value) : stored;
    }

    /// <summary>
    /// As <see cref="CreateAsync{T}"/>, answering 202 for work that continues after the answer, with a Location header
    /// built from the resource id — on replays too.
    /// </summary>
    public static async Task<Results<Accepted<SuccessEnvelope<T>>, ContentHttpResult>> AcceptAsync<T>(HttpContext http, IClusterClient orleans, JsonBody body,
        string resourcePrefix, Func<string, Task<T>> create, Func<string, string> location)
    {
        var (fresh, stored) = await RunAsync(http, orleans, body, resourcePrefix, create, StatusCodes.Status202Accepted, location);
        return stored is null ? EnvelopeResults.Accepted(fresh!.Value) : stored;
    }

    /// <summary>Data created now without a key (the caller wraps it in its typed result), or the stored answer to write verbatim.</summary>
    private sealed record Fresh<T>(T Value);

    private static async Task<(Fresh<T>? Fresh, ContentHttpResult? Stored)> RunAsync<T>(HttpContext http, IClusterClient orleans, JsonBody body, string resourcePrefix,
        Func<string, Task<T>> create, int successStatus, Func<string, string>? location)
    {
        var scopedKey = ScopedKey(http);
        if (scopedKey is null)
        {
            var id = RowellIds.New(resourcePrefix);
            var created = await create(id);
            SetLocation(http, location, id, successStatus);
            return (new Fresh<T>(created), null);
        }
        var fingerprint = Fingerprint(http, body);
        var grain = orleans.GetGrain<IIdempotencyGrain>(0);
        var decision = await grain.Begin(scopedKey, fingerprint, resourcePrefix);
        switch (decision.Outcome)
        {
            case IdempotencyOutcome.Mismatch:
                throw new RowellException(ErrorCodes.IdempotencyKeyReused, IdempotencyErrors.KeyReused);
            case IdempotencyOutcome.Replay:
                SetLocation(http, location, decision.ResourceId!, decision.Response!.StatusCode);
                return (null, Replay(http, decision.Response!));
        }

        StoredResponse mine;
        try
        {
            var data = await create(decision.ResourceId!);
            mine = new StoredResponse(successStatus,
                JsonSerializer.Serialize(new SuccessEnvelope<T>(true, data, ApiJson.Timestamp(DateTimeOffset.UtcNow)), ApiJson.Options));
        }
        catch (RowellException e) when (e.Code is not (ErrorCodes.LedgerUnavailable or ErrorCodes.ServiceUnavailable or ErrorCodes.InternalError))
        {
            var error = Envelope.ErrorBody(http, e.Code, e.Message, ErrorHandling.Details(e));
            mine = new StoredResponse(Envelope.StatusFor(e.Code), JsonSerializer.Serialize(error, ApiJson.Options));
        }
        // Concurrent duplicates race here; the first stored response is the one everybody returns.
        var stored = await grain.Complete(scopedKey, mine);
        SetLocation(http, location, decision.ResourceId!, stored.StatusCode);
        return (null, decision.Outcome == IdempotencyOutcome.Proceed && stored == mine ? Raw(stored) : Replay(http, stored));
    }

    /// <summary>"{developer}:{Idempotency-Key}", or null when the request carries no key; 400 for a malformed key.</summary>
    public static string? ScopedKey(HttpContext http)
    {
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0)
        {
            return null;
        }
        if (key.Length > 255 || key.Any(c => c < 0x21 || c > 0x7e))
        {
            throw RowellException.Validation(Header, "Idempotency-Key must be 1-255 printable ASCII characters without spaces.");
        }
        return $"{http.Principal().DeveloperId}:{key}";
    }

    /// <summary>"The same request": method, path and the exact body bytes.</summary>
    public static string Fingerprint(HttpContext http, JsonBody body) =>
        $"{http.Request.Method} {http.Request.Path.Value?.ToLowerInvariant()} {body.Sha256}";

    public static void MarkReplayed(HttpContext http) => http.Response.Headers["Idempotent-Replayed"] = "true";

    /// <summary>A Location only for a success: a stored error names no resource.</summary>
    private static void SetLocation(HttpContext http, Func<string, string>? location, string resourceId, int status)
    {
        if (location is not null && status is >= 200 and < 300)
        {
            http.Response.Headers.Location = location(resourceId);
        }
    }

    private static ContentHttpResult Replay(HttpContext http, StoredResponse stored)
    {
        http.Response.Headers["Idempotent-Replayed"] = "true";
        return Raw(stored);
    }

    private static ContentHttpResult Raw(StoredResponse stored) =>
        TypedResults.Content(stored.Body, "application/json; charset=utf-8", statusCode: stored.StatusCode);
}
