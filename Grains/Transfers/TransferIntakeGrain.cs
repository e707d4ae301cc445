using System.Text.Json;
using Orleans.Concurrency;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Idempotency;
using Rowell.Abstractions.Transfers;
using Rowell.Grains.Idempotency;

namespace Rowell.Grains.Transfers;

/// <summary>
/// Claim the Idempotency-Key, create the transfer, store the first outcome — next to the
/// transfer grain, in one call from the API. Concurrent duplicates all get the claimed transfer id
/// (TransferGrain.Create is itself idempotent, so it executes once) and all return the first
/// stored outcome. Business errors are outcomes too (replayed as such); a ledger or database outage
/// and a concurrency conflict are not stored, so a retry with the same key tries again and finds the transfer.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class TransferIntakeGrain(IIdempotencyStore store, TimeProvider time) : Grain, ITransferIntakeGrain
{
    public async Task<TransferCreation> Create(string? idempotencyKey, string fingerprint, string requestId, CreateTransferCommand command, CancellationToken cancellationToken = default)
    {
        if (idempotencyKey is null)
        {
            return await RunAsync(RowellIds.New(RowellIds.Transfer), requestId, command, cancellationToken);
        }
        var decision = await IdempotencyClaims.BeginAsync(store, time, idempotencyKey, fingerprint, RowellIds.Transfer, cancellationToken);
        switch (decision.Outcome)
        {
            case IdempotencyOutcome.Mismatch:
                throw new RowellException(ErrorCodes.IdempotencyKeyReused, IdempotencyErrors.KeyReused);
            case IdempotencyOutcome.Replay:
                return Decode(decision.Response!) with { Replayed = true };
        }
        // The key is claimed: from here the work belongs to the key, not to the connection that brought it.
        // A client that hangs up must not leave a half-done create behind (its retry joins and finds it), so
        // the caller's cancellation stops at the claim.
        var outcome = await RunAsync(decision.ResourceId!, requestId, command, CancellationToken.None);
        var mine = Encode(outcome);
        var first = await store.CompleteAsync(idempotencyKey, mine, CancellationToken.None);
        // Ours stored first: answer with it as is (no need to read back what was just written).
        return first.Body == mine.Body
            ? outcome with { Replayed = decision.Outcome == IdempotencyOutcome.Join }
            : Decode(first) with { Replayed = true };
    }

    private async Task<TransferCreation> RunAsync(string transferId, string requestId, CreateTransferCommand command, CancellationToken cancellationToken)
    {
        try
        {
            var view = await GrainFactory.GetGrain<ITransferGrain>(transferId).Create(command, cancellationToken);
            return new TransferCreation(false, view, null, null, null, time.GetUtcNow(), requestId);
        }
        catch (RowellException e) when (IsOutcome(e))
        {
            var details = new Dictionary<string, string>(e.Details ?? new Dictionary<string, string>());
            if (e.Field is not null)
            {
                details["field"] = e.Field;
            }
            return new TransferCreation(false, null, e.Code, e.Message, details, time.GetUtcNow(), requestId);
        }
    }

    /// <summary>
    /// Whether an error is the create's answer for good (stored and replayed) or "not now": an outage, a full
    /// queue, or a CONFLICT — with one key the parameters cannot differ, so a conflict can only be a stale
    /// version in flight, and storing it would replay a transient race forever instead of the transfer.
    /// </summary>
    private static bool IsOutcome(RowellException e) =>
        e.Code is not (ErrorCodes.LedgerUnavailable or ErrorCodes.ServiceUnavailable or ErrorCodes.InternalError or ErrorCodes.Conflict);

    private static StoredResponse Encode(TransferCreation creation) =>
        new(creation.ErrorCode is null ? 201 : 0, JsonSerializer.Serialize(creation));

    private static TransferCreation Decode(StoredResponse stored) =>
        JsonSerializer.Deserialize<TransferCreation>(stored.Body)
        ?? throw new InvalidOperationException("A stored transfer outcome could not be read.");
}
