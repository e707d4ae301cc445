using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;

namespace Rowell.Grains;

/// <summary>
/// Cursor paging for in-memory read models, with the Postgres semantics: order is
/// (created_at DESC, id DESC); a cursor is the id of one of the caller's objects, and the page
/// continues strictly after (or before) that object's position, whether or not it matches the filter.
/// </summary>
public static class Paging
{
    /// <param name="oldestFirst">Without a cursor: the page nearest the oldest candidate (as ending_before does
    /// from its cursor) instead of the newest, for callers that bound the candidates from below.</param>
    public static Page<T> Slice<T>(IEnumerable<T> candidates, PageRequest page, Func<T, (DateTimeOffset At, string Id)> key, IReadOnlyDictionary<string, T> callerObjects,
        bool oldestFirst = false)
    {
        var ordered = candidates.OrderByDescending(c => key(c).At).ThenByDescending(c => key(c).Id, StringComparer.Ordinal).ToList();
        var fromOldest = oldestFirst && page.StartingAfter is null && page.EndingBefore is null;
        if (page.EndingBefore is not null || fromOldest)
        {
            var pivot = fromOldest ? ((DateTimeOffset, string)?)null : Resolve(page.EndingBefore!, "ending_before", key, callerObjects);
            var newer = ordered.Where(c => pivot is null || Compare(key(c), pivot.Value) > 0).ToList();
            var items = newer.Skip(Math.Max(0, newer.Count - page.Limit)).ToList();
            var hasMore = newer.Count > items.Count;
            return new Page<T>(items, hasMore, hasMore ? key(items[0]).Id : null);
        }
        var after = page.StartingAfter is { } a ? Resolve(a, "starting_after", key, callerObjects) : ((DateTimeOffset, string)?)null;
        var slice = ordered.Where(c => after is null || Compare(key(c), after.Value) < 0).Take(page.Limit + 1).ToList();
        var more = slice.Count > page.Limit;
        var pageItems = slice.Take(page.Limit).ToList();
        return new Page<T>(pageItems, more, more ? key(pageItems[^1]).Id : null);
    }

    private static (DateTimeOffset, string) Resolve<T>(string cursor, string field, Func<T, (DateTimeOffset, string)> key, IReadOnlyDictionary<string, T> callerObjects) =>
        callerObjects.TryGetValue(cursor, out var obj)
            ? key(obj)
            : throw RowellException.Validation(field, "The cursor does not name one of your objects.");

    private static int Compare((DateTimeOffset At, string Id) x, (DateTimeOffset At, string Id) y)
    {
        var byTime = x.At.CompareTo(y.At);
        return byTime != 0 ? byTime : string.CompareOrdinal(x.Id, y.Id);
    }
}
