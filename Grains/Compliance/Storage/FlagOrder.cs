using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Compliance;

namespace Rowell.Grains.Compliance.Storage;

/// <summary>
/// The flag list orders: -created_at (newest first, the default), created_at (oldest first: a review queue),
/// -risk_score (riskiest first, newest first among equals). Ids break ties so every order is total and a cursor
/// (a flag id of the caller) names one position.
/// </summary>
public static class FlagOrder
{
    public static Comparison<FlagView> For(string sort) => sort switch
    {
        "created_at" => (a, b) => Chain(a.CreatedAt.CompareTo(b.CreatedAt), string.CompareOrdinal(a.Id, b.Id)),
        "-risk_score" => (a, b) => Chain(b.RiskScore.CompareTo(a.RiskScore), b.CreatedAt.CompareTo(a.CreatedAt), string.CompareOrdinal(b.Id, a.Id)),
        _ => (a, b) => Chain(b.CreatedAt.CompareTo(a.CreatedAt), string.CompareOrdinal(b.Id, a.Id)),
    };

    private static int Chain(params int[] results) => results.FirstOrDefault(r => r != 0);

    /// <summary>A page in the given order, continuing strictly after (or before) the cursor's position.</summary>
    public static Page<T> Slice<T>(IEnumerable<T> candidates, Comparison<T> order, PageRequest page, Func<T, string> id, IReadOnlyDictionary<string, T> callerObjects)
    {
        var ordered = candidates.ToList();
        ordered.Sort(order);
        if (page.EndingBefore is { } before)
        {
            var pivot = callerObjects.TryGetValue(before, out var p) ? p : throw RowellException.Validation("ending_before", "The cursor does not name one of your objects.");
            var earlier = ordered.Where(c => order(c, pivot) < 0).ToList();
            var items = earlier.Skip(Math.Max(0, earlier.Count - page.Limit)).ToList();
            var hasMore = earlier.Count > items.Count;
            return new Page<T>(items, hasMore, hasMore ? id(items[0]) : null);
        }
        IEnumerable<T> rest = ordered;
        if (page.StartingAfter is { } after)
        {
            var pivot = callerObjects.TryGetValue(after, out var p) ? p : throw RowellException.Validation("starting_after", "The cursor does not name one of your objects.");
            rest = ordered.Where(c => order(c, pivot) > 0);
        }
        var slice = rest.Take(page.Limit + 1).ToList();
        var more = slice.Count > page.Limit;
        var pageItems = slice.Take(page.Limit).ToList();
        return new Page<T>(pageItems, more, more ? id(pageItems[^1]) : null);
    }
}
