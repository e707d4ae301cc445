namespace Rowell.Cli;

/// <summary>What scripts can branch on. Documented in Tools/Cli/README.md.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The API refused (validation, conflict, insufficient funds…), a check failed, or a transfer ended failed/rejected.</summary>
    public const int Failed = 1;
    /// <summary>Bad command line, or no API key configured.</summary>
    public const int Usage = 2;
    /// <summary>401/403: the key is missing, unknown, revoked or lacks the permission.</summary>
    public const int Auth = 3;
    /// <summary>404: no such resource of yours.</summary>
    public const int NotFound = 4;
    /// <summary>429/503 after the client's retries, or the API could not be reached.</summary>
    public const int Unavailable = 5;
    /// <summary>A wait (watch, listen) ran out of time.</summary>
    public const int Timeout = 6;
}
