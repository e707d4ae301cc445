using Rowell.Abstractions.Analytics;
using Rowell.Grains.Events;

namespace Rowell.Grains.Analytics;

/// <summary>The embedded-mode event log, read from the in-memory stores that write it.</summary>
public sealed class InMemoryAnalyticsEventLog(Func<IReadOnlyList<DomainEvent>> events) : IAnalyticsEventLog
{
    public Task<IReadOnlyList<RollupFact>> ReadDayAsync(string developerId, string mode, DateTime day, CancellationToken cancellationToken)
    {
        var end = day.AddDays(1);
        IReadOnlyList<RollupFact> facts = events()
            .Where(e => e.DeveloperId == developerId && e.Mode == mode && e.At.UtcDateTime >= day && e.At.UtcDateTime < end)
            .Select(ToFact).OfType<RollupFact>().ToList();
        return Task.FromResult(facts);
    }

    public Task<IReadOnlyDictionary<string, List<Submission>>> SubmissionsAsync(IReadOnlyCollection<string> transferIds, CancellationToken cancellationToken)
    {
        var wanted = transferIds.ToHashSet(StringComparer.Ordinal);
        IReadOnlyDictionary<string, List<Submission>> found = events()
            .Where(e => e.Type == EventTypes.TransferSubmitted && wanted.Contains(e.AggregateId))
            .GroupBy(e => e.AggregateId)
            .ToDictionary(g => g.Key, g => g.Select(e => new Submission(e.AggregateSeq, e.At)).ToList(), StringComparer.Ordinal);
        return Task.FromResult(found);
    }

    public Task<IReadOnlyList<DateTime>> DaysAsync(string developerId, string mode, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        IReadOnlyList<DateTime> days = events()
            .Where(e => e.DeveloperId == developerId && e.Mode == mode)
            .Select(e => Periods.DayOf(e.At)).Where(d => d >= from && d < to).Distinct().Order().ToList();
        return Task.FromResult(days);
    }

    public Task<IReadOnlyList<(string DeveloperId, string Mode)>> ScopesOnDayAsync(DateTime day, CancellationToken cancellationToken)
    {
        IReadOnlyList<(string, string)> scopes = events().Where(e => Periods.DayOf(e.At) == day)
            .Select(e => (e.DeveloperId, e.Mode)).Distinct().ToList();
        return Task.FromResult(scopes);
    }

    public Task<DateTime?> FirstDayAsync(CancellationToken cancellationToken)
    {
        var all = events();
        return Task.FromResult(all.Count == 0 ? (DateTime?)null : all.Min(e => Periods.DayOf(e.At)));
    }

    public Task<IReadOnlyList<RecentActivity>> RecentAsync(string developerId, string mode, int limit, CancellationToken cancellationToken)
    {
        var all = events();
        var recent = new List<RecentActivity>();
        for (var i = all.Count - 1; i >= 0 && recent.Count < limit; i--)
        {
            var e = all[i];
            if (e.DeveloperId == developerId && e.Mode == mode)
            {
                recent.Add(Recent.Of(e.Id, e.Type, e.AggregateId, e.At, e.PayloadJson));
            }
        }
        return Task.FromResult<IReadOnlyList<RecentActivity>>(recent.OrderByDescending(r => r.At).ToList());
    }

    private static RollupFact? ToFact(DomainEvent e) => RollupFacts.From(e.Id, e.AggregateId, e.AggregateSeq, e.Type, e.At, e.PayloadJson);
}

/// <summary>A log event as the dashboard lists it.</summary>
public static class Recent
{
    public static RecentActivity Of(string id, string type, string aggregateId, DateTimeOffset at, string payloadJson)
    {
        var f = RollupFacts.Parse(id, aggregateId, 0, type, at, System.Text.Encoding.UTF8.GetBytes(payloadJson));
        var hasAmount = type.StartsWith("transfer.", StringComparison.Ordinal) || type == EventTypes.DepositReceived;
        return new RecentActivity(id, type, aggregateId, hasAmount ? Units.Format(f.AmountUnits) : null, f.Asset, f.Network, at);
    }
}
