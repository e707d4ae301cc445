using Orleans.Concurrency;
using Rowell.Abstractions.Security;

namespace Rowell.Grains.Security;

/// <summary>Runs re-seal batches over the registered <see cref="ISealedColumn"/>s; stateless, any silo answers.</summary>
[StatelessWorker]
public sealed class ResealGrain(IEnumerable<ISealedColumn> columns) : Grain, IResealGrain
{
    public const int MaxBatch = 1000;

    public Task<IReadOnlyList<string>> Columns() =>
        Task.FromResult<IReadOnlyList<string>>(columns.Select(c => c.Name).ToList());

    public async Task<ResealBatch> Batch(string column, string? after, int limit, CancellationToken cancellationToken = default)
    {
        var owner = columns.FirstOrDefault(c => c.Name == column)
            ?? throw new ArgumentException($"No sealed column '{column}'. Known: {string.Join(", ", columns.Select(c => c.Name))}.", nameof(column));
        var ids = await owner.ListAsync(after, Math.Clamp(limit, 1, MaxBatch), cancellationToken);
        int resealed = 0, current = 0, missing = 0;
        foreach (var id in ids)
        {
            switch (await owner.ResealAsync(id, cancellationToken))
            {
                case ResealOutcome.Resealed: resealed++; break;
                case ResealOutcome.AlreadyCurrent: current++; break;
                default: missing++; break;
            }
        }
        return new ResealBatch(column, ids.Count, resealed, current, missing, ids.Count < Math.Clamp(limit, 1, MaxBatch) ? null : ids[^1]);
    }
}
