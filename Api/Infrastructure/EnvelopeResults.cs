using Microsoft.AspNetCore.Http.HttpResults;

namespace Rowell.Api.Infrastructure;

/// <summary>
/// The success envelope as typed results: a handler returning <c>Ok&lt;SuccessEnvelope&lt;T&gt;&gt;</c> tells OpenAPI its
/// status and schema by its signature, so no hand-written <c>.Produces</c> list can drift from the code. Written
/// with the HTTP JSON options, which <see cref="ApiJson.Configure"/> sets exactly as <see cref="ApiJson.Options"/>:
/// the bytes are those of <c>JsonSerializer.Serialize(envelope, ApiJson.Options)</c>, which stored idempotent answers hold.
/// </summary>
public static class EnvelopeResults
{
    public static Ok<SuccessEnvelope<T>> Ok<T>(T data) => TypedResults.Ok(Wrap(data, DateTimeOffset.UtcNow));

    /// <summary>201 without a Location header (a created resource is read at its documented path).</summary>
    public static Created<SuccessEnvelope<T>> Created<T>(T data) => Created(data, DateTimeOffset.UtcNow);

    /// <summary>201 stamped with a stored time, so an answer rendered again from a stored outcome is byte-identical.</summary>
    public static Created<SuccessEnvelope<T>> Created<T>(T data, DateTimeOffset at) => TypedResults.Created((string?)null, Wrap(data, at));

    /// <summary>
    /// 202 for work that goes on after the answer. No Location from the result itself: a handler that has one sets the
    /// header (an empty location leaves the response's header as it is).
    /// </summary>
    public static Accepted<SuccessEnvelope<T>> Accepted<T>(T data) => TypedResults.Accepted((string?)null, Wrap(data, DateTimeOffset.UtcNow));

    private static SuccessEnvelope<T> Wrap<T>(T data, DateTimeOffset at) => new(true, data, ApiJson.Timestamp(at));
}
