using Rowell.Abstractions.Common;

namespace Rowell.Api.Infrastructure;

/// <summary>
/// Turns every failure into the error envelope: business errors from grains keep their code,
/// framework answers (404 no route, 405, 415, 413) get one, and anything else is a 500
/// INTERNAL_ERROR that is logged with the request id, because a 5xx is a bug.
/// </summary>
public static class ErrorHandling
{
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
            catch (Exception e) when (!http.Response.HasStarted)
            {
                var (code, message, details) = Classify(e);
                if (code == ErrorCodes.InternalError)
                {
                    app.Logger.LogError(e, "Unhandled error on {Method} {Path} ({RequestId})", http.Request.Method, http.Request.Path, requestId);
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
            var (code, message) = http.Response.StatusCode switch
            {
                404 => (ErrorCodes.NotFound, $"No endpoint {http.Request.Method} {http.Request.Path}."),
                405 => (ErrorCodes.MethodNotAllowed, $"{http.Request.Method} is not allowed on {http.Request.Path}."),
                415 => (ErrorCodes.UnsupportedMediaType, "Send application/json."),
                413 => (ErrorCodes.PayloadTooLarge, "The request body is too large."),
                400 => (ErrorCodes.ValidationError, "The request is malformed."),
                _ => (ErrorCodes.InternalError, "Unexpected status."),
            };
            var status = http.Response.StatusCode;
            var body = Envelope.ErrorBody(http, code, message, null);
            http.Response.StatusCode = status;
            await http.Response.WriteAsJsonAsync(body, ApiJson.Options);
        });
        return app;
    }

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
        OperationCanceledException => (ErrorCodes.InternalError, "The request was cancelled.", null),
        _ => (ErrorCodes.InternalError, "An internal error occurred; it has been logged with the request id.", null),
    };
}
