using Microsoft.Extensions.Http.Resilience;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Rowell.Abstractions.Common;

namespace Rowell.Grains.Ledgers;

/// <summary>
/// The shared HTTP plumbing of the ledger clients: named HttpClients with the standard resilience
/// pipeline (retries with backoff on 5xx/408/429 and transport errors, per-attempt and total timeouts,
/// circuit breaker), and one place that turns "the ledger did not answer" into LEDGER_UNAVAILABLE.
/// Retrying is safe for everything we send: GETs, friendbot, and POSTs of an already-signed
/// transaction (the same bytes can only ever apply once).
/// </summary>
public static class LedgerHttp
{
    public const string HorizonClient = "rowell-horizon";
    public const string MirrorClient = "rowell-hedera-mirror";

    public static void Configure(HttpStandardResilienceOptions o, TimeSpan total)
    {
        o.TotalRequestTimeout.Timeout = total;
        o.AttemptTimeout.Timeout = total / 3;
        o.Retry.Delay = total / 30;
        o.Retry.MaxRetryAttempts = 3;
        o.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, (total / 3 * 2).Ticks + 1));
    }

    /// <summary>Runs one call; transport failures, timeouts and an open circuit become LEDGER_UNAVAILABLE (503).</summary>
    public static async Task<T> CallAsync<T>(string what, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
                                   || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new RowellException(ErrorCodes.LedgerUnavailable, $"{what} did not answer in time ({ex.GetType().Name}); try again later.");
        }
    }

    public static RowellException Unavailable(string what, System.Net.HttpStatusCode status) =>
        new(ErrorCodes.LedgerUnavailable, $"{what} answered HTTP {(int)status}; try again later.");
}
