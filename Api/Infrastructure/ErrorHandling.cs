using Rowell.Abstractions.Common;

namespace Rowell.Api.Infrastructure;

/// <summary>
/// Turns every failure into the error envelope: business errors from grains keep their code,
/// framework answers (404 no route, 405, 415, 413) get one, a dependency that is down or a cluster
/// that is failing over is a 503 SERVICE_UNAVAILABLE with Retry-After (see <see cref="TransientFailures"/>),
/// a client that went away is not answered at all (499 in the metrics, not a 5xx and not an error log),
/// and anything else is a 500 INTERNAL_ERROR that is logged with the request id, because a 5xx is a bug.
/// </summary>
public static class ErrorHandling
{
    /// <summary>nginx's "client closed request": what the metrics record for a request whose caller hung up.</summary>
    public const int ClientClosedRequest = 499;

    /// <summary>Seconds a 503 asks the client to wait before retrying.</summary>
    public const int RetryAfterSeconds = 1;

    public static IApplicationBuilder UseRowellErrors(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var requestId = RequestId.Of(http);
            http.Response.Headers["X-Request-Id"] = requestId;
            try
            {
                await next(http);
            }
            catch (Exception e) when (ClientWentAway(http, e))
            {
                // The caller disconnected: whatever failed because of that is not ours to report or answer.
                app.Logger.LogDebug("Client closed {Method} {Path} ({RequestId})", http.Request.Method, http.Request.Path, requestId);
                if (!http.Response.HasStarted)
                {
                    http.Response.StatusCode = ClientClosedRequest;
                }
            }
            catch (Exception e) when (!http.Response.HasStarted)
            {
                var (code, message, details) = Classify(e);
                if (code == ErrorCodes.InternalError)
                {
                    app.Logger.LogError(e, "Unhandled error on {Method} {Path} ({RequestId})", http.Request.Method, http.Request.Path, requestId);
                }
                else if (code == ErrorCodes.ServiceUnavailable)
                {
                    app.Logger.LogWarning("503 on {Method} {Path} ({RequestId}): {Error}", http.Request.Method, http.Request.Path, requestId, e.GetType().Name + ": " + e.Message);
                }
                http.Response.Clear();
                http.Response.Headers["X-Request-Id"] = requestId;
                await Envelope.Error(http, code, message, details).ExecuteAsync(http);
            }
        });

        // Answers the framework produced without a body (no route, wrong method, ...).
        app.UseStatusCodePages(async ctx =>
        {
            var http = ctx.HttpContext;
            if (http.RequestAborted.IsCancellationRequested || http.Response.StatusCode == ClientClosedRequest)
            {
                return;
            }
            var (code, message) = http.Response.StatusCode switch
            {
                404 => (ErrorCodes.NotFound, $"No endpoint {http.Request.Method} {http.Request.Path}."),
                405 => (ErrorCodes.MethodNotAllowed, $"{http.Request.Method} is not allowed on {http.Request.Path}."),
                415 => (ErrorCodes.UnsupportedMediaType, "Send application/json."),
                413 => (ErrorCodes.PayloadTooLarge, "The request body is too large."),
                400 => (ErrorCodes.ValidationError, "The request is malformed."),
                503 => (ErrorCodes.ServiceUnavailable, "The service is temporarily unavailable; retry shortly."),
                _ => (ErrorCodes.InternalError, "Unexpected status."),
            };
            var status = http.Response.StatusCode;
            var body = Envelope.ErrorBody(http, code, message, null);
            http.Response.StatusCode = status;
            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            await http.Response.WriteAsJsonAsync(body, ApiJson.Options);
        });
        return app;
    }

    /// <summary>
    /// The caller is gone, so nothing we could answer would reach it. RequestAborted is the usual sign, but a body read
    /// that fails because the connection was reset or ended before Content-Length can throw before Kestrel has flagged
    /// the abort — that race once turned hang-ups into 400s and "503 dependency" warnings.
    /// </summary>
    internal static bool ClientWentAway(HttpContext http, Exception e) => e is not RowellException && (
        http.RequestAborted.IsCancellationRequested
        || e is Microsoft.AspNetCore.Connections.ConnectionResetException or Microsoft.AspNetCore.Connections.ConnectionAbortedException
        || (e is BadHttpRequestException { StatusCode: 400 } b && b.Message.StartsWith("Unexpected end of request content", StringComparison.Ordinal))
        || (e is IOException && e.InnerException is Microsoft.AspNetCore.Connections.ConnectionResetException));

    public static Dictionary<string, object?> Details(RowellException r)
    {
        var details = new Dictionary<string, object?>();
        if (r.Field is not null)
        {
            details["field"] = r.Field;
        }
        foreach (var (key, value) in r.Details ?? [])
        {
            details[key] = value;
        }
        return details;
    }

    private static (string Code, string Message, IReadOnlyDictionary<string, object?>? Details) Classify(Exception e) => e switch
    {
        RowellException r => (r.Code, r.Message, Details(r)),
        BadHttpRequestException { StatusCode: 413 } => (ErrorCodes.PayloadTooLarge, "The request body is too large.", null),
        BadHttpRequestException b => (ErrorCodes.ValidationError, b.Message, null),
        _ when TransientFailures.Is(e) => (ErrorCodes.ServiceUnavailable, "A dependency is temporarily unavailable; retry shortly (with the same Idempotency-Key for a create).", null),
        _ => (ErrorCodes.InternalError, "An internal error occurred; it has been logged with the request id.", null),
    };
}
