namespace Rowell.Abstractions.Common;

/// <summary>The error codes of the HTTP contract (docs/API.md). One list, so grains and API agree.</summary>
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
    /// <summary>A dependency is down or we are saturated: 503 with Retry-After; the same request may be retried as is.</summary>
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";
    public const string InternalError = "INTERNAL_ERROR";
}
