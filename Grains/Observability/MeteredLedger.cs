using System.Diagnostics;
using Rowell.Abstractions.Common;
using Rowell.Grains.Ledgers;

namespace Rowell.Grains.Observability;

/// <summary>Times every call to a ledger into <c>rowell_ledger_call_duration_seconds</c>; behaviour is the inner ledger's.</summary>
public sealed class MeteredLedger(ILedger inner, RowellMetrics metrics) : ILedger
{
    private readonly string _network = inner.Network.Wire();

    public ILedger Inner => inner;

    public Network Network => inner.Network;

    public Task<string> CreateAccountAsync(LedgerEnvironment environment, ReadOnlyMemory<byte> publicKey, CancellationToken cancellationToken) =>
        Timed("create_account", () => inner.CreateAccountAsync(environment, publicKey, cancellationToken));

    public Task<IReadOnlyList<LedgerBalance>> GetBalancesAsync(LedgerEnvironment environment, string address, CancellationToken cancellationToken) =>
        Timed("get_balances", () => inner.GetBalancesAsync(environment, address, cancellationToken));

    public Task<LedgerSubmission> SubmitPaymentAsync(LedgerPayment payment, CancellationToken cancellationToken) =>
        Timed("submit_payment", () => inner.SubmitPaymentAsync(payment, cancellationToken));

    public Task<LedgerSubmission?> GetTransactionAsync(string hash, CancellationToken cancellationToken) =>
        Timed("get_transaction", () => inner.GetTransactionAsync(hash, cancellationToken));

    public bool IsValidAddress(string? address) => inner.IsValidAddress(address);

    private async Task<T> Timed<T>(string operation, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = await call();
            outcome = "ok";
            return result;
        }
        finally
        {
            metrics.LedgerCall(_network, operation, outcome, Stopwatch.GetElapsedTime(started));
        }
    }
}
