using Rowell.Abstractions.Analytics;

namespace Rowell.Grains.Analytics;

/// <summary>A transfer's submission as the log recorded it (for settlement times).</summary>
public readonly record struct Submission(int AggregateSeq, DateTimeOffset At);

/// <summary>
/// The reconciler's (and the settlement lookup's) view of the durable event log: rowell_events in the cluster,
/// the in-memory log in embedded mode.
/// </summary>
public interface IAnalyticsEventLog
{
    /// <summary>The facts of one developer, mode and UTC day, in any order (a day adds up the same in every order).</summary>
    Task<IReadOnlyList<RollupFact>> ReadDayAsync(string developerId, string mode, DateTime day, CancellationToken cancellationToken);

    /// <summary>Every transfer.submitted of the given transfers.</summary>
    Task<IReadOnlyDictionary<string, List<Submission>>> SubmissionsAsync(IReadOnlyCollection<string> transferIds, CancellationToken cancellationToken);

    /// <summary>The UTC days in [from, to) on which the developer and mode have events.</summary>
    Task<IReadOnlyList<DateTime>> DaysAsync(string developerId, string mode, DateTime from, DateTime to, CancellationToken cancellationToken);

    /// <summary>Who has events on a UTC day.</summary>
    Task<IReadOnlyList<(string DeveloperId, string Mode)>> ScopesOnDayAsync(DateTime day, CancellationToken cancellationToken);

    /// <summary>The UTC day of the oldest event (null: the log is empty).</summary>
    Task<DateTime?> FirstDayAsync(CancellationToken cancellationToken);

    /// <summary>The developer's latest events (newest first), for the dashboard's recent activity.</summary>
    Task<IReadOnlyList<RecentActivity>> RecentAsync(string developerId, string mode, int limit, CancellationToken cancellationToken);
}

/// <summary>Settlement times: submitted → completed, from the latest submission before the completion.</summary>
public static class Settlements
{
    public static async Task<List<RollupFact>> ResolveAsync(IReadOnlyList<RollupFact> facts, IAnalyticsEventLog log, CancellationToken ct)
    {
        var known = new Dictionary<string, List<Submission>>(StringComparer.Ordinal);
        foreach (var f in facts.Where(f => f.Type == EventTypes.TransferSubmitted))
        {
            Add(known, f.AggregateId, new Submission(f.AggregateSeq, f.At));
        }
        var missing = facts.Where(f => f.Type == EventTypes.TransferCompleted && Latest(known, f) is null)
            .Select(f => f.AggregateId).Distinct().ToList();
        if (missing.Count > 0)
        {
            foreach (var (id, subs) in await log.SubmissionsAsync(missing, ct))
            {
                foreach (var s in subs)
                {
                    Add(known, id, s);
                }
            }
        }
        return facts.Select(f => f.Type == EventTypes.TransferCompleted && Latest(known, f) is { } s
            ? f with { SettlementMs = (long)(f.At - s.At).TotalMilliseconds }
            : f).ToList();
    }

    private static Submission? Latest(Dictionary<string, List<Submission>> known, RollupFact completed)
    {
        if (!known.TryGetValue(completed.AggregateId, out var subs))
        {
            return null;
        }
        Submission? best = null;
        foreach (var s in subs)
        {
            if (s.AggregateSeq < completed.AggregateSeq && (best is null || s.AggregateSeq > best.Value.AggregateSeq))
            {
                best = s;
            }
        }
        return best;
    }

    private static void Add(Dictionary<string, List<Submission>> known, string id, Submission s)
    {
        if (!known.TryGetValue(id, out var list))
        {
            known[id] = list = [];
        }
        if (!list.Contains(s))
        {
            list.Add(s);
        }
    }
}
