using System.Net;
using System.Text.Json;

namespace Rowell.Client;

/// <summary>
/// The API answered with its error envelope. <see cref="Code"/> is the stable UPPER_SNAKE code to branch on,
/// <see cref="Field"/> the offending field of a VALIDATION_ERROR, <see cref="RequestId"/> what support asks for.
/// </summary>
public class RowellApiException(HttpStatusCode status, string code, string message, IReadOnlyDictionary<string, JsonElement> details, string? requestId)
    : Exception($"{code}: {message}" + (requestId is null ? "" : $" (request {requestId})"))
{
    public HttpStatusCode StatusCode { get; } = status;
    public string Code { get; } = code;
    public string ApiMessage { get; } = message;
    public IReadOnlyDictionary<string, JsonElement> Details { get; } = details;
    public string? RequestId { get; } = requestId;

    /// <summary>details.field, when the error names one.</summary>
    public string? Field => Details.TryGetValue("field", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;

    internal static RowellApiException Create(HttpStatusCode status, string code, string message, IReadOnlyDictionary<string, JsonElement> details, string? requestId, TimeSpan? retryAfter) =>
        code switch
        {
            ErrorCodes.ValidationError or ErrorCodes.InvalidJson => new RowellValidationException(status, code, message, details, requestId),
            ErrorCodes.Unauthorized => new RowellAuthenticationException(status, code, message, details, requestId),
            ErrorCodes.Forbidden => new RowellPermissionException(status, code, message, details, requestId),
            ErrorCodes.NotFound => new RowellNotFoundException(status, code, message, details, requestId),
            ErrorCodes.Conflict or ErrorCodes.IdempotencyKeyReused => new RowellConflictException(status, code, message, details, requestId),
            ErrorCodes.InsufficientFunds or ErrorCodes.ComplianceRejected => new RowellPaymentException(status, code, message, details, requestId),
            ErrorCodes.RateLimited => new RowellRateLimitedException(status, code, message, details, requestId, retryAfter),
            ErrorCodes.ServiceUnavailable or ErrorCodes.LedgerUnavailable => new RowellServiceUnavailableException(status, code, message, details, requestId, retryAfter),
            _ => new RowellApiException(status, code, message, details, requestId),
        };
}

/// <summary>400: VALIDATION_ERROR (see <see cref="RowellApiException.Field"/>) or INVALID_JSON.</summary>
public sealed class RowellValidationException(HttpStatusCode s, string c, string m, IReadOnlyDictionary<string, JsonElement> d, string? r) : RowellApiException(s, c, m, d, r);

/// <summary>401: missing, unknown, expired or revoked key.</summary>
public sealed class RowellAuthenticationException(HttpStatusCode s, string c, string m, IReadOnlyDictionary<string, JsonElement> d, string? r) : RowellApiException(s, c, m, d, r);

/// <summary>403: the key lacks a permission, or a test key touched live data (or the reverse).</summary>
public sealed class RowellPermissionException(HttpStatusCode s, string c, string m, IReadOnlyDictionary<string, JsonElement> d, string? r) : RowellApiException(s, c, m, d, r);

/// <summary>404: no such resource of yours.</summary>
public sealed class RowellNotFoundException(HttpStatusCode s, string c, string m, IReadOnlyDictionary<string, JsonElement> d, string? r) : RowellApiException(s, c, m, d, r);

/// <summary>409: CONFLICT, or IDEMPOTENCY_KEY_REUSED (same key, different body).</summary>
public sealed class RowellConflictException(HttpStatusCode s, string c, string m, IReadOnlyDictionary<string, JsonElement> d, string? r) : RowellApiException(s, c, m, d, r);

/// <summary>402 INSUFFICIENT_FUNDS or 422 COMPLIANCE_REJECTED.</summary>
public sealed class RowellPaymentException(HttpStatusCode s, string c, string m, IReadOnlyDictionary<string, JsonElement> d, string? r) : RowellApiException(s, c, m, d, r);

/// <summary>429 after the retries were spent (or Retry-After was longer than the client waits).</summary>
public sealed class RowellRateLimitedException(HttpStatusCode s, string c, string m, IReadOnlyDictionary<string, JsonElement> d, string? r, TimeSpan? retryAfter)
    : RowellApiException(s, c, m, d, r)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>503 SERVICE_UNAVAILABLE / LEDGER_UNAVAILABLE after the retries were spent.</summary>
public sealed class RowellServiceUnavailableException(HttpStatusCode s, string c, string m, IReadOnlyDictionary<string, JsonElement> d, string? r, TimeSpan? retryAfter)
    : RowellApiException(s, c, m, d, r)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The API's error codes (the envelope's error.code).</summary>
public static class ErrorCodes
{
    public const string ValidationError = "VALIDATION_ERROR";
    public const string InvalidJson = "INVALID_JSON";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string Forbidden = "FORBIDDEN";
    public const string NotFound = "NOT_FOUND";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string Conflict = "CONFLICT";
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";
    public const string InsufficientFunds = "INSUFFICIENT_FUNDS";
    public const string ComplianceRejected = "COMPLIANCE_REJECTED";
    public const string RateLimited = "RATE_LIMITED";
    public const string LedgerUnavailable = "LEDGER_UNAVAILABLE";
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";
    public const string InternalError = "INTERNAL_ERROR";
}
