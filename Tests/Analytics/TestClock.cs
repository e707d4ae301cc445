namespace Rowell.Tests.Analytics;

/// <summary>Real time shifted by a settable offset: workloads land on chosen UTC days while timers run normally.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private readonly DateTimeOffset _realStart = DateTimeOffset.UtcNow;
    private TimeSpan _offset = start - DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

    /// <summary>Moves "now" to <paramref name="at"/> (real time keeps running from there).</summary>
    public void Set(DateTimeOffset at) => _offset = at - System.GetUtcNow();

    public DateTimeOffset RealStart => _realStart;
}
