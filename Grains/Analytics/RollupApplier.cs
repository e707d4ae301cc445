namespace Rowell.Grains.Analytics;

/// <summary>
/// The one definition of what an event does to the rollups, used by the stream path and the reconciler alike.
/// Events count on the UTC day of their own time (created_at):
/// <list type="bullet">
/// <item>transfer.created: count, unique senders / receivers / users / customers;</item>
/// <item>transfer.completed: completed count, volume, fees, settlement time (from the transfer's submission);</item>
/// <item>transfer.failed / transfer.rejected: failed / rejected counts;</item>
/// <item>account.created: new accounts; deposit.received: deposits and their volume.</item>
/// </list>
/// </summary>
public static class RollupApplier
{
    /// <summary>Day-derived periods every fact lands in; hours are kept for the total only.</summary>
    public static readonly string[] DayPeriods = [Periods.Day, Periods.Week, Periods.Month];

    /// <summary>What a live delivery updates: the day, its week and month, and the hour.</summary>
    public static readonly string[] AllPeriods = [Periods.Day, Periods.Week, Periods.Month, Periods.Hour];

    /// <summary>What the reconciler recomputes for one day (weeks and months are then derived from days).</summary>
    public static readonly string[] ReconciledPeriods = [Periods.Day, Periods.Hour];

    /// <summary>Applies the fact to every bucket it belongs to, in the periods given (day/week/month and/or hour).</summary>
    public static void Apply(RollupFact f, IReadOnlyCollection<string> periods, Func<BucketKey, RollupBucket> bucket)
    {
        foreach (var (dimension, key) in Targets(f))
        {
            foreach (var period in periods)
            {
                if (period == Periods.Hour && dimension != Dimensions.Total)
                {
                    continue;
                }
                var start = period == Periods.Hour ? Periods.HourOf(f.At) : Periods.Start(period, f.Day);
                ApplyTo(bucket(new BucketKey(dimension, period, start, key)), f, dimension, period == Periods.Hour);
            }
        }
    }

    /// <summary>The bucket keys of every period a fact touches (what a flush must load first).</summary>
    public static IEnumerable<BucketKey> Keys(RollupFact f, IReadOnlyCollection<string> periods)
    {
        var keys = new List<BucketKey>();
        Apply(f, periods, k =>
        {
            keys.Add(k);
            return Scratch;
        });
        return keys.Distinct();
    }

    // A throwaway target for Keys(); never read.
    [ThreadStatic] private static RollupBucket? _scratch;
    private static RollupBucket Scratch => _scratch = new RollupBucket();

    private static IEnumerable<(string Dimension, string Key)> Targets(RollupFact f)
    {
        switch (f.Type)
        {
            case EventTypes.TransferCreated or EventTypes.TransferCompleted or EventTypes.TransferFailed or EventTypes.TransferRejected:
                yield return (Dimensions.Total, "*");
                if (f.Asset is null || f.Network is null)
                {
                    yield break;
                }
                yield return (Dimensions.Corridor, Dimensions.Join(f.FromCountry, f.ToCountry, f.Asset, f.Network));
                yield return (Dimensions.Asset, Dimensions.Join(f.Asset, f.Network, f.FromCountry));
                yield return (Dimensions.Network, f.Network);
                if (f.ToAccount is not null)
                {
                    yield return (Dimensions.Merchant, f.ToAccount);
                }
                break;
            case EventTypes.AccountCreated or EventTypes.DepositReceived:
                yield return (Dimensions.Total, "*");
                if (f.Network is not null)
                {
                    yield return (Dimensions.Network, f.Network);
                }
                break;
        }
    }

    private static void ApplyTo(RollupBucket b, RollupFact f, string dimension, bool hourly)
    {
        var m = b.Measures;
        switch (f.Type)
        {
            case EventTypes.TransferCreated:
                m.Count = checked(m.Count + 1);
                if (hourly)
                {
                    return;
                }
                switch (dimension)
                {
                    case Dimensions.Corridor:
                        Add(b.Sets.Senders, f.From);
                        Add(b.Sets.Receivers, f.To);
                        break;
                    case Dimensions.Merchant:
                        Add(b.Sets.Senders, f.From);
                        break;
                    default:
                        Add(b.Sets.Users, f.From);
                        Add(b.Sets.Users, f.ToAccount);
                        break;
                }
                break;
            case EventTypes.TransferCompleted:
                m.Completed = checked(m.Completed + 1);
                Units.Add(m.Volume, f.Asset ?? "?", f.AmountUnits);
                if (f.FeeAsset is not null)
                {
                    Units.Add(m.Fees, f.FeeAsset, f.FeeUnits);
                }
                if (f.SettlementMs is { } ms)
                {
                    b.AddSettlement(ms);
                }
                break;
            case EventTypes.TransferFailed:
                m.Failed = checked(m.Failed + 1);
                break;
            case EventTypes.TransferRejected:
                m.Rejected = checked(m.Rejected + 1);
                break;
            case EventTypes.AccountCreated:
                m.NewAccounts = checked(m.NewAccounts + 1);
                break;
            case EventTypes.DepositReceived:
                m.Deposits = checked(m.Deposits + 1);
                Units.Add(m.DepositVolume, f.Asset ?? "?", f.AmountUnits);
                break;
        }
    }

    private static void Add(HashSet<string> set, string? id)
    {
        if (id is not null)
        {
            set.Add(id);
        }
    }
}
