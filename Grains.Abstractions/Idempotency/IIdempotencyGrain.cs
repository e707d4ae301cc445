namespace Rowell.Abstractions.Idempotency;

/// <summary>
/// Idempotency-Key handling; keys are "{developer}:{Idempotency-Key}". The first request reserves a
/// resource id that every repeat reuses, and the first finished response is stored and replayed.
/// A stateless worker (use key 0): the durable store decides, atomically.
/// </summary>
[Alias("rowell.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithIntegerKey
{
    /// <summary>Claims <paramref name="key"/> for a request fingerprint (method, path, body hash).</summary>
    [Alias("begin")]
    Task<IdempotencyDecision> Begin(string key, string fingerprint, string resourcePrefix);

    /// <summary>Stores the response unless one is stored already; returns the stored one (first wins).</summary>
    [Alias("complete")]
    Task<StoredResponse> Complete(string key, StoredResponse response);
}

[GenerateSerializer, Alias("rowell.idempotency-outcome")]
public enum IdempotencyOutcome
{
    /// <summary>This request claimed the key: execute it.</summary>
    Proceed = 0,
    /// <summary>The first response is stored: return it.</summary>
    Replay = 1,
    /// <summary>The key belongs to a different request.</summary>
    Mismatch = 2,
    /// <summary>The first request is still running: run the same (idempotent) creation with its resource id and return the first response.</summary>
    Join = 3,
}

[GenerateSerializer, Immutable, Alias("rowell.idempotency-decision")]
public sealed record IdempotencyDecision(
    [property: Id(0)] IdempotencyOutcome Outcome,
    [property: Id(1)] string? ResourceId,
    [property: Id(2)] StoredResponse? Response);

[GenerateSerializer, Immutable, Alias("rowell.stored-response")]
public sealed record StoredResponse(
    [property: Id(0)] int StatusCode,
    [property: Id(1)] string Body);

public static class IdempotencyErrors
{
    public const string KeyReused = "This Idempotency-Key was already used with a different request. Use a new key for a new request.";
}
