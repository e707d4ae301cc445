using Npgsql;

namespace Rowell.Grains.Storage;

/// <summary>Which Postgres failures a retry can cure, and which come back the same every time.</summary>
public static class PostgresErrors
{
    /// <summary>
    /// A data exception (class 22: bigint out of range 22003, division by zero, invalid text...) or a check /
    /// not-null violation: the statement itself is wrong, so retrying it (every 2 s, forever) changes nothing.
    /// A unique violation (23505) is not here: in a race it is how the loser learns to read the winner's row.
    /// </summary>
    public static bool IsPermanent(PostgresException e) =>
        e.SqlState.StartsWith("22", StringComparison.Ordinal)
        || e.SqlState is PostgresErrorCodes.CheckViolation or PostgresErrorCodes.NotNullViolation;
}
