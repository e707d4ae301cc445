using System.Net.Sockets;
using Npgsql;

namespace Rowell.Api.Infrastructure;

/// <summary>
/// Failures that mean "not now" rather than "wrong": the cluster failing over (a silo died with the call in
/// flight, a gateway is gone, a call timed out), Postgres or Redis restarting. The request was not served and
/// may be retried as is — with its Idempotency-Key a create is still done at most once — so the answer is a
/// 503 with Retry-After, never a 500.
/// </summary>
public static class TransientFailures
{
    public static bool Is(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (IsOne(x))
            {
                return true;
            }
            if (x is AggregateException { InnerExceptions.Count: > 0 } many && many.InnerExceptions.Any(Is))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsOne(Exception e) => e switch
    {
        // Orleans: SiloUnavailableException, OrleansMessageRejectionException, ConnectionFailedException,
        // GatewayTooBusyException, ClientNotAvailableException... all derive from OrleansException.
        Orleans.Runtime.OrleansException => true,
        TimeoutException => true,
        // An Orleans call cancelled by the runtime (not by our caller, who is handled before this) is a timeout.
        OperationCanceledException => true,
        // A server error is transient only when Postgres says so (shutting down, too many connections, ...):
        // a data or syntax error is a bug and stays a 500. Any other Npgsql error is the connection failing.
        PostgresException p => p.IsTransient || p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException => true,
        SocketException => true,
        StackExchange.Redis.RedisConnectionException or StackExchange.Redis.RedisTimeoutException => true,
        // An exception whose type Orleans could not rebuild on this side (the silo's Npgsql error, say) keeps its name.
        Orleans.Serialization.UnavailableExceptionFallbackException f => IsTransientName(f.ExceptionType),
        _ => false,
    };

    private static bool IsTransientName(string? type) =>
        type is not null && (type.Contains("Npgsql.NpgsqlException", StringComparison.Ordinal)
            || type.Contains("System.TimeoutException", StringComparison.Ordinal)
            || type.Contains("System.Net.Sockets.SocketException", StringComparison.Ordinal));
}
