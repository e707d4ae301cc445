namespace Rowell.Client.Models;

/// <summary>One page of a cursor list, newest first. Pass <see cref="NextCursor"/> as starting_after for the next.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, bool HasMore, string? NextCursor);

/// <summary>Page options common to every list.</summary>
public sealed record PageOptions(int? Limit = null, string? StartingAfter = null, string? EndingBefore = null)
{
    internal QueryString Apply(QueryString q) => q.With("limit", Limit).With("starting_after", StartingAfter).With("ending_before", EndingBefore);
}
