using Microsoft.AspNetCore.Http.HttpResults;

namespace Rowell.Api.Infrastructure;

/// <summary>
/// The success envelope as typed results: a handler returning <c>Ok&lt;SuccessEnvelope&lt;T&gt;&gt;</c> tells OpenAPI its
/// status and schema by its signature, so no hand-written <c>.Produces</c> list can drift from the code. Written
/// with the HTTP JSON options, which <see cref="ApiJson.Configure"/> sets exactly as <see cref="ApiJson.Options"/>:
/// the bytes are those of <see cref="Envelope.Ok"/>.
/// </summary>
public static class EnvelopeResults
{
    public static Ok<SuccessEnvelope<T>> Ok<T>(T data) => TypedResults.Ok(Wrap(data));

    /// <summary>201 without a Location header, as <see cref="Envelope.Created"/>.</summary>
    public static Created<SuccessEnvelope<T>> Created<T>(T data) => TypedResults.Created((string?)null, Wrap(data));

    private static SuccessEnvelope<T> Wrap<T>(T data) => new(true, data, ApiJson.Timestamp(DateTimeOffset.UtcNow));
}
