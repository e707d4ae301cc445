namespace Rowell.Abstractions.Security;

/// <summary>What re-sealing one sealed value did.</summary>
[GenerateSerializer, Alias("rowell.reseal-outcome")]
public enum ResealOutcome
{
    /// <summary>Already sealed under the current SECRET_KEY: nothing written.</summary>
    AlreadyCurrent = 0,
    /// <summary>Opened under SECRET_KEY_PREVIOUS and stored sealed under SECRET_KEY.</summary>
    Resealed = 1,
    /// <summary>The owner no longer exists (e.g. a wallet deleted by a sandbox reset): nothing to do.</summary>
    Missing = 2,
}

/// <summary>One batch of a re-seal run over one sealed column, in the column's id order.</summary>
[GenerateSerializer, Alias("rowell.reseal-batch")]
public sealed record ResealBatch(
    [property: Id(0)] string Column,
    [property: Id(1)] int Checked,
    /// <summary>Values re-sealed under the current key by this batch (named so no DTO field reads like key material).</summary>
    [property: Id(2)] int Rewritten,
    [property: Id(3)] int AlreadyCurrent,
    [property: Id(4)] int Missing,
    /// <summary>Pass as <c>after</c> to continue; null when the column is done.</summary>
    [property: Id(5)] string? NextAfter);

/// <summary>
/// Re-seals every sealed column (wallet signing keys, and whatever else a capability registers as an
/// <c>ISealedColumn</c>) under the current SECRET_KEY, batch by batch, on a silo — the only place the keys are.
/// Idempotent: a value already under the current key is left alone, so a run can be repeated or resumed from
/// any <see cref="ResealBatch.NextAfter"/>.
/// </summary>
[Alias("rowell.IResealGrain")]
public interface IResealGrain : IGrainWithIntegerKey
{
    /// <summary>The names of the registered sealed columns, in the order a full run visits them.</summary>
    [Alias("columns")]
    Task<IReadOnlyList<string>> Columns();

    /// <summary>Re-seals up to <paramref name="limit"/> values of <paramref name="column"/> whose ids sort after <paramref name="after"/>.</summary>
    [Alias("batch")]
    Task<ResealBatch> Batch(string column, string? after, int limit, CancellationToken cancellationToken = default);
}
