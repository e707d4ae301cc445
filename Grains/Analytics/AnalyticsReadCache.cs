using System.Collections.Concurrent;
using Rowell.Abstractions.Analytics;

namespace Rowell.Grains.Analytics;

/// <summary>
/// What the query grain computed from reconciled rollups, kept while they cannot have changed. A reconciled row (a day,
/// week or month that ends at or before the developer's "reconciled until") changes only by a reconciliation
/// write, and every such write bumps the scope's generation (<see cref="IAnalyticsStore.ReconciledStateAsync"/>),
/// so an entry is served only while both the end and the generation it was read under still hold. Reads that
/// reach an open period always go to the store: live numbers are never cached. One per silo, bounded.
/// </summary>
public sealed class AnalyticsReadCache
{
    // Answers are at most a page (100 items) and the dashboard's rows at most a year of days: a few MB in all.
    public const int MaxEntries = 1024;

    private readonly ConcurrentDictionary<string, (ReconciledState State, object Value)> _entries = new(StringComparer.Ordinal);

    /// <summary>The value read under <paramref name="state"/> for <paramref name="key"/>, reading it when it is not kept.</summary>
    public async Task<T> GetAsync<T>(string key, DateTime to, ReconciledState state, Func<Task<T>> read) where T : class
    {
        if (state.Until is not { } until || to > until)
        {
            return await read();
        }
        if (_entries.TryGetValue(key, out var kept) && kept.State == state && kept.Value is T value)
        {
            return value;
        }
        var fresh = await read();
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
        _entries[key] = (state, fresh);
        return fresh;
    }

    /// <summary>Everything an answer depends on besides the stored rows: the question, whole.</summary>
    public static string Key(AnalyticsRequest r, string what) =>
        string.Join('\u001f', r.DeveloperId, r.Mode, what, r.Period, r.StartDate.DayNumber, r.EndDate.DayNumber, r.Sort ?? "", r.Limit, r.Offset,
            string.Join('\u001e', r.Filters.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value)));
}
