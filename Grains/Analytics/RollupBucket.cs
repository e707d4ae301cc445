using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rowell.Grains.Analytics;

/// <summary>
/// The numbers of one bucket as queries read them (stored as the small <c>measures</c> document): counts, exact
/// per-asset sums in <see cref="Units"/>, the sizes of the unique sets and the settlement percentiles, all already
/// computed, so a query never touches the sets.
/// </summary>
public sealed class RollupMeasures
{
    [JsonPropertyName("n")] public long Count { get; set; }
    [JsonPropertyName("ok")] public long Completed { get; set; }
    [JsonPropertyName("fail")] public long Failed { get; set; }
    [JsonPropertyName("rej")] public long Rejected { get; set; }
    [JsonPropertyName("vol")] public SortedDictionary<string, long> Volume { get; set; } = new(StringComparer.Ordinal);
    [JsonPropertyName("fee")] public SortedDictionary<string, long> Fees { get; set; } = new(StringComparer.Ordinal);
    [JsonPropertyName("snd")] public long Senders { get; set; }
    [JsonPropertyName("rcv")] public long Receivers { get; set; }
    [JsonPropertyName("usr")] public long Users { get; set; }
    [JsonPropertyName("stl")] public long Settled { get; set; }
    [JsonPropertyName("stl_ms")] public long SettledMsSum { get; set; }
    [JsonPropertyName("p50_ms")] public long P50Ms { get; set; } = -1;
    [JsonPropertyName("p95_ms")] public long P95Ms { get; set; } = -1;
    [JsonPropertyName("new_acc")] public long NewAccounts { get; set; }
    [JsonPropertyName("dep")] public long Deposits { get; set; }
    [JsonPropertyName("dep_vol")] public SortedDictionary<string, long> DepositVolume { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Adds another bucket's additive numbers (not the set sizes or percentiles: those need the sets).</summary>
    public void AddAdditive(RollupMeasures o)
    {
        Count = checked(Count + o.Count);
        Completed = checked(Completed + o.Completed);
        Failed = checked(Failed + o.Failed);
        Rejected = checked(Rejected + o.Rejected);
        Settled = checked(Settled + o.Settled);
        SettledMsSum = checked(SettledMsSum + o.SettledMsSum);
        NewAccounts = checked(NewAccounts + o.NewAccounts);
        Deposits = checked(Deposits + o.Deposits);
        foreach (var (k, v) in o.Volume) Units.Add(Volume, k, v);
        foreach (var (k, v) in o.Fees) Units.Add(Fees, k, v);
        foreach (var (k, v) in o.DepositVolume) Units.Add(DepositVolume, k, v);
    }
}

/// <summary>
/// The exact sets behind the unique counts, and the settlement histogram behind the percentiles (100 ms
/// resolution). Stored beside the measures, read only when the bucket is written again or merged into a week or
/// month. Bounded by the distinct participants of one bucket's period, not by its events: a busy corridor
/// with the same 1,000 customers all month holds 1,000 ids however many transfers they make.
/// </summary>
public sealed class RollupSets
{
    [JsonPropertyName("s")] public HashSet<string> Senders { get; set; } = new(StringComparer.Ordinal);
    [JsonPropertyName("r")] public HashSet<string> Receivers { get; set; } = new(StringComparer.Ordinal);
    [JsonPropertyName("u")] public HashSet<string> Users { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Settlement time in tenths of a second → how many transfers took that long.</summary>
    [JsonPropertyName("h")] public SortedDictionary<long, long> Settlement { get; set; } = new();
}

/// <summary>One bucket being built or updated: its measures and sets.</summary>
public sealed class RollupBucket
{
    public const long HistogramStepMs = 100;

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public RollupMeasures Measures { get; init; } = new();
    public RollupSets Sets { get; init; } = new();

    public void AddSettlement(long ms)
    {
        var step = Math.Max(0, ms) / HistogramStepMs;
        Sets.Settlement[step] = checked(Sets.Settlement.GetValueOrDefault(step) + 1);
        Measures.Settled = checked(Measures.Settled + 1);
        Measures.SettledMsSum = checked(Measures.SettledMsSum + Math.Max(0, ms));
    }

    public void Merge(RollupBucket other)
    {
        Measures.AddAdditive(other.Measures);
        Sets.Senders.UnionWith(other.Sets.Senders);
        Sets.Receivers.UnionWith(other.Sets.Receivers);
        Sets.Users.UnionWith(other.Sets.Users);
        foreach (var (k, v) in other.Sets.Settlement)
        {
            Sets.Settlement[k] = checked(Sets.Settlement.GetValueOrDefault(k) + v);
        }
    }

    /// <summary>Brings the derived numbers (set sizes, percentiles) in line with the sets; call before storing.</summary>
    public RollupBucket Refresh()
    {
        Measures.Senders = Sets.Senders.Count;
        Measures.Receivers = Sets.Receivers.Count;
        Measures.Users = Sets.Users.Count;
        Measures.P50Ms = Percentile(0.50);
        Measures.P95Ms = Percentile(0.95);
        return this;
    }

    /// <summary>Nearest rank: the smallest recorded time at or below which at least ⌈p·n⌉ settlements fall.</summary>
    private long Percentile(double p)
    {
        var n = Sets.Settlement.Values.Sum();
        if (n == 0)
        {
            return -1;
        }
        var rank = (long)Math.Ceiling(p * n);
        long seen = 0;
        foreach (var (step, count) in Sets.Settlement)
        {
            seen += count;
            if (seen >= rank)
            {
                return step * HistogramStepMs;
            }
        }
        return Sets.Settlement.Keys.Last() * HistogramStepMs;
    }

    public string MeasuresJson() => JsonSerializer.Serialize(Measures, Json);

    public string SetsJson() => JsonSerializer.Serialize(Sets, Json);

    public static RollupMeasures ReadMeasures(string json) => RollupMeasuresReader.TryRead(json) ?? ReadMeasuresSlowly(json);

    /// <summary>The deserialiser's reading: for a document the fast reader does not take (and as its reference in tests).</summary>
    internal static RollupMeasures ReadMeasuresSlowly(string json) => JsonSerializer.Deserialize<RollupMeasures>(json, Json)!;

    public static RollupBucket Read(string measures, string? sets)
    {
        var m = ReadMeasures(measures);
        var s = sets is null ? new RollupSets() : JsonSerializer.Deserialize<RollupSets>(sets, Json)!;
        // Deserialised sets must compare ids ordinally like fresh ones.
        return new RollupBucket
        {
            Measures = m,
            Sets = new RollupSets
            {
                Senders = new HashSet<string>(s.Senders, StringComparer.Ordinal),
                Receivers = new HashSet<string>(s.Receivers, StringComparer.Ordinal),
                Users = new HashSet<string>(s.Users, StringComparer.Ordinal),
                Settlement = s.Settlement,
            },
        };
    }
}
