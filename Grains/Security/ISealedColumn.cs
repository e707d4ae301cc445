using Microsoft.Extensions.DependencyInjection;
using Rowell.Abstractions.Security;

namespace Rowell.Grains.Security;

/// <summary>
/// A value a capability keeps sealed under SECRET_KEY (a wallet's signing key, a webhook's signing secret, a
/// document number…), described so that a key rotation can re-seal it without knowing the capability. Its owner
/// registers one per column: <c>services.AddSealedColumn&lt;MyColumn&gt;()</c>, in cluster mode (embedded mode seals
/// with a per-process key, so there is nothing to rotate).
/// </summary>
public interface ISealedColumn
{
    /// <summary>Stable name used on the command line and in progress lines, e.g. <c>wallet.signing_key</c>.</summary>
    string Name { get; }

    /// <summary>Up to <paramref name="limit"/> owner ids after <paramref name="after"/> (ordinal order), for a resumable walk.</summary>
    Task<IReadOnlyList<string>> ListAsync(string? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Re-seals the value of <paramref name="id"/> under the current key, through its owner (usually the owning grain,
    /// so it cannot race the owner's own writes). Must be idempotent: <see cref="ResealOutcome.AlreadyCurrent"/> when
    /// there is nothing to do.
    /// </summary>
    Task<ResealOutcome> ResealAsync(string id, CancellationToken cancellationToken);
}

public static class SealedColumns
{
    public static IServiceCollection AddSealedColumn<T>(this IServiceCollection services) where T : class, ISealedColumn =>
        services.AddSingleton<ISealedColumn, T>();
}
