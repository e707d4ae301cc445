using Rowell.Abstractions.Common;

namespace Rowell.Api.Infrastructure;

/// <summary>
/// The one response shape of docs/API.md: error with code/message/details here; success with data through
/// <see cref="EnvelopeResults"/>, whose typed results describe themselves in OpenAPI.
/// </summary>
public static class Envelope
{
    public static IResult Error(HttpContext http, string code, string message, IReadOnlyDictionary<string, object?>? details = null)
    {
        var status = StatusFor(code);
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            // Every 503 says when to come back, whichever path produced it.
            http.Response.Headers.RetryAfter = ErrorHandling.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Results.Json(ErrorBody(http, code, message, details), ApiJson.Options, statusCode: status);
    }

    public static ErrorEnvelope ErrorBody(HttpContext http, string code, string message, IReadOnlyDictionary<string, object?>? details) =>
        new(false, new ErrorDetail(code, message, details ?? new Dictionary<string, object?>()), ApiJson.Timestamp(DateTimeOffset.UtcNow), RequestId.Of(http));

    public static int StatusFor(string code) => code switch
    {
        ErrorCodes.ValidationError or ErrorCodes.InvalidJson => StatusCodes.Status400BadRequest,
        ErrorCodes.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorCodes.InsufficientFunds => StatusCodes.Status402PaymentRequired,
        ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        ErrorCodes.Conflict or ErrorCodes.IdempotencyKeyReused => StatusCodes.Status409Conflict,
        ErrorCodes.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCodes.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorCodes.ComplianceRejected => StatusCodes.Status422UnprocessableEntity,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorCodes.LedgerUnavailable or ErrorCodes.ServiceUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}

public sealed record SuccessEnvelope<T>(bool Success, T Data, string Timestamp);

public sealed record ErrorEnvelope(bool Success, ErrorDetail Error, string Timestamp, string RequestId);

public sealed record ErrorDetail(string Code, string Message, IReadOnlyDictionary<string, object?> Details);

/// <summary>A request id on every response (X-Request-Id), echoed in error bodies so support can find the logs.</summary>
public static class RequestId
{
    public static string Of(HttpContext http)
    {
        if (http.Items.TryGetValue(nameof(RequestId), out var id) && id is string s)
        {
            return s;
        }
        var fresh = "req_" + RowellIds.RandomToken(20);
        http.Items[nameof(RequestId)] = fresh;
        return fresh;
    }
}
