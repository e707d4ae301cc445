namespace Rowell.Grains.Ledgers.Stellar;

/// <summary>TimeBounds in unix seconds; MaxTime 0 means no upper bound.</summary>
public readonly record struct StellarTimeBounds(ulong MinTime, ulong MaxTime);

/// <summary>Transaction preconditions: PRECOND_NONE or PRECOND_TIME (V2 preconditions are not supported).</summary>
public sealed record StellarPreconditions(StellarTimeBounds? TimeBounds)
{
    public static StellarPreconditions None { get; } = new((StellarTimeBounds?)null);

    public static StellarPreconditions Time(ulong minTime, ulong maxTime) => new(new StellarTimeBounds(minTime, maxTime));

    internal void Write(XdrWriter w)
    {
        if (TimeBounds is { } tb)
        {
            w.WriteInt32(1);
            w.WriteUInt64(tb.MinTime);
            w.WriteUInt64(tb.MaxTime);
        }
        else
        {
            w.WriteInt32(0);
        }
    }

    internal static StellarPreconditions Read(XdrReader r)
    {
        var type = r.ReadInt32();
        return type switch
        {
            0 => None,
            1 => Time(r.ReadUInt64(), r.ReadUInt64()),
            _ => throw new FormatException($"Unsupported precondition type {type}."),
        };
    }
}
