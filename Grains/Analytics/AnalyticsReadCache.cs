using System.Collections.Concurrent;
using Rowell.Abstractions.Analytics;

namespace Rowell.Grains.Analytics;

/// <summary>
/// Built answers, kept while the rollups they were built from cannot have changed. Every write to a scope's rollups
/// moves its state (<see cref="IAnalyticsStore.ReconciledStateAsync"/>): a stream flush bumps the write count, a
/// reconciliation write the generation, in the same transaction as the rows. An entry is served only to a request
/// that read the very state the entry was built under, so an answer is never older than the last write its reader
/// could see: a correction or a fresh delivery is in the next read, on any silo (each reads the state from the store;
/// no silo has to tell another). Open periods are kept too, only until the next flush: under a steady stream of
/// transfers an answer is built a few times a second, not once per request.
/// Concurrent requests for the same question under the same state share one build. One per silo, bounded.
/// </summary>
public sealed class AnalyticsReadCache
{
    // Answers are at most a page (100 items) or a dashboard of at most a year of days: a few MB in all.
    public const int MaxEntries = 1024;

    private sealed class Entry(ReconciledState state)
    {
        public ReconciledState State { get; } = state;
        public TaskCompletionSource<object> Value { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>How many answers were built (not served from an entry): for tests and diagnostics.</summary>
    public long Builds => Interlocked.Read(ref _builds);

    private long _builds;

    /// <summary>The answer built under <paramref name="state"/> for <paramref name="key"/>, building it when none is kept.</summary>
    public async Task<T> GetAsync<T>(string key, ReconciledState state, Func<Task<T>> build) where T : class
    {
        while (true)
        {
            if (_entries.TryGetValue(key, out var kept))
            {
                if (kept.State == state)
                {
                    return (T)await kept.Value.Task;
                }
                var replacement = new Entry(state);
                if (_entries.TryUpdate(key, replacement, kept))
                {
                    return await BuildAsync(key, replacement, build);
                }
                continue;
            }
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
            var fresh = new Entry(state);
            if (_entries.TryAdd(key, fresh))
            {
                return await BuildAsync(key, fresh, build);
            }
        }
    }

    private async Task<T> BuildAsync<T>(string key, Entry entry, Func<Task<T>> build) where T : class
    {
        Interlocked.Increment(ref _builds);
        try
        {
            var value = await build();
            entry.Value.SetResult(value);
            return value;
        }
        catch (Exception e)
        {
            // A failed build is not kept: whoever shares it sees the failure, the next request builds again.
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            entry.Value.SetException(e);
            _ = entry.Value.Task.Exception; // observed here; sharers get it from their own await
            throw;
        }
    }
}
