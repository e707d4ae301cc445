namespace Rowell.Abstractions.Transfers;

/// <summary>
/// The front door of transfer creation, in one call from the API: Idempotency-Key claim, the
/// transfer grain's Create, and storing the first outcome — instead of three client→silo round
/// trips. A stateless, reentrant worker: the durable idempotency store decides, atomically.
/// </summary>
[Alias("rowell.ITransferIntakeGrain")]
public interface ITransferIntakeGrain : IGrainWithIntegerKey
{
    /// <param name="idempotencyKey">"{developer}:{Idempotency-Key}", or null without a key.</param>
    /// <param name="fingerprint">What makes two requests "the same" (method, path, body hash).</param>
    /// <param name="requestId">Recorded with a stored error, so its replays are byte-identical.</param>
    [Alias("create")]
    Task<TransferCreation> Create(string? idempotencyKey, string fingerprint, string requestId, CreateTransferCommand command, CancellationToken cancellationToken = default);
}

/// <summary>The first outcome of a creation request, as stored and replayed: the transfer, or the business error.</summary>
[GenerateSerializer, Immutable, Alias("rowell.transfer-creation")]
public sealed record TransferCreation(
    [property: Id(0)] bool Replayed,
    [property: Id(1)] TransferView? Transfer,
    [property: Id(2)] string? ErrorCode,
    [property: Id(3)] string? ErrorMessage,
    [property: Id(4)] IReadOnlyDictionary<string, string>? ErrorDetails,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] string RequestId);
