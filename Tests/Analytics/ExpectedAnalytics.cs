using System.Globalization;
using Rowell.Grains.Events;

namespace Rowell.Tests.Analytics;

/// <summary>
/// The numbers the analytics endpoints must show, computed straight from the workload (what was sent, how it
/// ended) and the times its events were logged — without any of the rollup code.
/// </summary>
public sealed class ExpectedAnalytics
{
    public sealed class Cell
    {
        public long Count, Completed, Failed, Rejected;
        public decimal Volume, Fees;
        public Dictionary<string, decimal> VolumeByAsset { get; } = new();
        public HashSet<string> Senders { get; } = new();
        public HashSet<string> Receivers { get; } = new();
        public HashSet<string> Users { get; } = new();
        public List<long> SettlementMs { get; } = [];
    }

    public static readonly Dictionary<string, decimal> Rates = new() { ["USDC"] = 1m, ["XLM"] = 0.25m, ["HBAR"] = 0.08m };

    public Dictionary<(DateTime Day, string Key), Cell> Corridors { get; } = new();
    public Dictionary<(DateTime Day, string Key), Cell> Assets { get; } = new();
    public Dictionary<(DateTime Day, string Key), Cell> Merchants { get; } = new();
    public Dictionary<(DateTime Day, string Key), Cell> Networks { get; } = new();
    public Dictionary<DateTime, Cell> Totals { get; } = new();

    public ExpectedAnalytics(IReadOnlyList<SentTransfer> sent, IReadOnlyList<DomainEvent> log)
    {
        var byId = sent.ToDictionary(t => t.Id);
        var submitted = new Dictionary<string, DateTimeOffset>();
        foreach (var e in log.OrderBy(e => e.AggregateId).ThenBy(e => e.AggregateSeq))
        {
            if (!byId.TryGetValue(e.AggregateId, out var t))
            {
                continue;
            }
            var day = e.At.UtcDateTime.Date;
            var cells = new List<(Cell Cell, string Dim)>
            {
                (Get(Corridors, day, $"{t.FromCountry}|{t.ToCountry}|{t.Asset}|{t.Network}"), "corridor"),
                (Get(Assets, day, $"{t.Asset}|{t.Network}|{t.FromCountry}"), "asset"),
                (Get(Networks, day, t.Network), "network"),
                (Totals.TryGetValue(day, out var total) ? total : Totals[day] = new Cell(), "total"),
            };
            if (t.ToAccount is not null)
            {
                cells.Add((Get(Merchants, day, t.ToAccount), "merchant"));
            }
            foreach (var (c, dim) in cells)
            {
                switch (e.Type)
                {
                    case "transfer.created":
                        c.Count++;
                        c.Senders.Add(t.From);
                        c.Receivers.Add(t.ToId);
                        c.Users.Add(t.From);
                        if (t.ToAccount is not null) c.Users.Add(t.ToAccount);
                        break;
                    case "transfer.completed":
                        c.Completed++;
                        c.Volume += t.Amount;
                        c.VolumeByAsset[t.Asset] = c.VolumeByAsset.GetValueOrDefault(t.Asset) + t.Amount;
                        c.Fees += t.Fee;
                        c.SettlementMs.Add((long)(e.At - submitted[t.Id]).TotalMilliseconds);
                        break;
                    case "transfer.failed":
                        c.Failed++;
                        break;
                    case "transfer.rejected":
                        c.Rejected++;
                        break;
                }
            }
            if (e.Type == "transfer.submitted")
            {
                submitted[t.Id] = e.At;
            }
        }
    }

    public static decimal Usd(Cell c) => c.VolumeByAsset.Sum(kv => kv.Value * Rates[kv.Key]);

    public static string UsdText(Cell c) => Math.Round(Usd(c), 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    public static string? Rate(Cell c)
    {
        var n = c.Completed + c.Failed + c.Rejected;
        return n == 0 ? null : Math.Round((decimal)c.Completed / n, 4, MidpointRounding.AwayFromZero).ToString("0.0000", CultureInfo.InvariantCulture);
    }

    /// <summary>Nearest-rank percentile over settlement times floored to 100 ms, in seconds.</summary>
    public static string? Percentile(Cell c, double p)
    {
        if (c.SettlementMs.Count == 0) return null;
        var sorted = c.SettlementMs.Select(ms => Math.Max(0, ms) / 100 * 100).Order().ToList();
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return (sorted[rank - 1] / 1000m).ToString("0.0", CultureInfo.InvariantCulture);
    }

    public static string? Mean(Cell c) => c.SettlementMs.Count == 0 ? null
        : Math.Round(c.SettlementMs.Sum(ms => Math.Max(0, ms)) / (decimal)c.SettlementMs.Count / 1000m, 3, MidpointRounding.AwayFromZero).ToString("0.000", CultureInfo.InvariantCulture);

    private static Cell Get(Dictionary<(DateTime, string), Cell> map, DateTime day, string key) =>
        map.TryGetValue((day, key), out var c) ? c : map[(day, key)] = new Cell();
}
