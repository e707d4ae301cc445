using Npgsql;
using Rowell.Abstractions.Common;

namespace Rowell.Grains.Storage;

/// <summary>
/// Turns a database outage inside any grain call into the contract's "not now" (SERVICE_UNAVAILABLE, a 503 with
/// Retry-After at the API) at the grain boundary. Npgsql's exceptions cannot cross the wire (Orleans has no codec
/// for them: the caller got a CodecNotFoundException and answered 500 while Postgres restarted), and callers
/// must not need to know which driver a store uses. Errors the server does not call transient (bigint out of
/// range, a check violation, a syntax error) are left alone: refusals the stores translate themselves, or bugs.
/// </summary>
public sealed class StoreOutageFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (IsOutage(e))
        {
            throw new RowellException(ErrorCodes.ServiceUnavailable, "The database is unavailable right now; retry shortly (with the same Idempotency-Key for a create).");
        }
    }

    private static bool IsOutage(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case PostgresException p:
                    // Shutting down (57P0x), connection failures (08), too many connections (53300)...: the server
                    // says so. Anything else from the server (a syntax error, a unique race) stays what it is.
                    return p.IsTransient || p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("57P", StringComparison.Ordinal);
                case NpgsqlException:
                    return true;
            }
        }
        return false;
    }
}
