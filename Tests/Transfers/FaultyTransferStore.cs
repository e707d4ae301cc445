using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Transfers;
using Rowell.Grains.Events;
using Rowell.Grains.Transfers;

namespace Rowell.Tests.Transfers;

/// <summary>
/// Fault injection around the real in-memory store (not a mock: every call that is let through does the real
/// thing). A test arms a fault for one developer's transfers (their ids are often chosen inside the grains): the
/// chosen save of each fails before writing, fails after
/// writing (the answer is lost, as a timeout can hide a commit), or is held for a while honouring the
/// caller's cancellation (as a slow database does).
/// </summary>
public sealed class FaultyTransferStore(ITransferStore inner) : ITransferStore
{
    public enum Fault
    {
        FailBeforeWrite,
        FailAfterWrite,
        Delay,
    }

    private readonly Dictionary<string, Queue<(Fault Fault, int OnSave)>> _armed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _saves = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public TimeSpan DelayFor { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Arms <paramref name="fault"/>, once, for save number <paramref name="onSave"/> (1 = the create's insert) of a transfer of <paramref name="developerId"/>.</summary>
    public void Arm(string developerId, Fault fault, int onSave = 1)
    {
        lock (_gate)
        {
            if (!_armed.TryGetValue(developerId, out var q))
            {
                _armed[developerId] = q = new Queue<(Fault, int)>();
            }
            q.Enqueue((fault, onSave));
        }
    }

    public Task<(TransferState State, long Version)?> LoadAsync(string id, CancellationToken cancellationToken) => inner.LoadAsync(id, cancellationToken);

    public async Task<long> SaveAsync(TransferState state, long expectedVersion, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        Fault? fault = null;
        lock (_gate)
        {
            var n = _saves[state.Id] = _saves.GetValueOrDefault(state.Id) + 1;
            if (_armed.TryGetValue(state.DeveloperId, out var q) && q.TryPeek(out var next) && next.OnSave == n)
            {
                fault = q.Dequeue().Fault;
            }
        }
        switch (fault)
        {
            case Fault.FailBeforeWrite:
                throw new InjectedStoreFailure($"injected: save {state.Id} failed before writing");
            case Fault.FailAfterWrite:
                await inner.SaveAsync(state, expectedVersion, events, cancellationToken);
                throw new InjectedStoreFailure($"injected: save {state.Id} wrote, then the answer was lost");
            case Fault.Delay:
                await Task.Delay(DelayFor, cancellationToken);
                break;
        }
        return await inner.SaveAsync(state, expectedVersion, events, cancellationToken);
    }

    public Task<Page<TransferView>> ListAsync(string developerId, TransferFilter filter, PageRequest page, CancellationToken cancellationToken) =>
        inner.ListAsync(developerId, filter, page, cancellationToken);

    public Task<IReadOnlyList<string>> FindUnfinishedAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken) =>
        inner.FindUnfinishedAsync(before, limit, cancellationToken);
}

/// <summary>What the faulty store throws: an exception type the grains know nothing about, as a driver's would be.</summary>
[GenerateSerializer]
public sealed class InjectedStoreFailure(string message) : Exception(message);
