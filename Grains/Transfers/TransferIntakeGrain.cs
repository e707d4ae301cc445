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
/// stored outcome. Business errors are outcomes too (replayed as such); a ledger outage is not
/// stored, so a retry with the same key tries again.
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
        var outcome = await RunAsync(decision.ResourceId!, requestId, command, cancellationToken);
        var mine = Encode(outcome);
        var first = await store.CompleteAsync(idempotencyKey, mine, cancellationToken);
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
        catch (RowellException e) when (e.Code is not (ErrorCodes.LedgerUnavailable or ErrorCodes.InternalError))
        {
            var details = new Dictionary<string, string>(e.Details ?? new Dictionary<string, string>());
            if (e.Field is not null)
            {
                details["field"] = e.Field;
            }
            return new TransferCreation(false, null, e.Code, e.Message, details, time.GetUtcNow(), requestId);
        }
    }

    private static StoredResponse Encode(TransferCreation creation) =>
        new(creation.ErrorCode is null ? 201 : 0, JsonSerializer.Serialize(creation));

    private static TransferCreation Decode(StoredResponse stored) =>
        JsonSerializer.Deserialize<TransferCreation>(stored.Body)
        ?? throw new InvalidOperationException("A stored transfer outcome could not be read.");
}
