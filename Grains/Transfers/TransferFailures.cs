using Npgsql;
using Rowell.Abstractions.Common;
using Rowell.Grains.Storage;

namespace Rowell.Grains.Transfers;

/// <summary>How a failed submission is classified: retry later with the same payment id, or fail the transfer for good.</summary>
public static class TransferFailures
{
    /// <summary>
    /// Transient: the ledger or its store did not answer (or answered "busy"). Retrying the same payment id is
    /// safe — a submission that did land is returned, not paid again. Permanent: a business refusal, or a
    /// Postgres data error such as bigint out of range (22003), which comes back the same on every retry.
    /// </summary>
    public static bool IsTransient(Exception e) => e switch
    {
        RowellException r => r.Code is ErrorCodes.LedgerUnavailable or ErrorCodes.ServiceUnavailable,
        PostgresException p => !PostgresErrors.IsPermanent(p),
        ArgumentException or InvalidCastException or OverflowException => false,
        _ => true,
    };

    public static string Code(Exception e) => e switch
    {
        RowellException r => r.Code.ToLowerInvariant(),
        PostgresException { SqlState: PostgresErrorCodes.NumericValueOutOfRange } or OverflowException => "amount_out_of_range",
        _ => "ledger_rejected",
    };
}
