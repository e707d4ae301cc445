using System.Globalization;

namespace Rowell.Grains.Ledgers.Vectors;

/// <summary>The verdict on one vector case.</summary>
public sealed record LedgerVectorResult(string Name, bool Passed, string? Reason)
{
    public override string ToString() => Passed ? $"PASS {Name}" : $"FAIL {Name}: {Reason}";
}

/// <summary>All verdicts of a vector file, printed as PASS/FAIL lines and an "N passed, N failed" summary.</summary>
public sealed class LedgerVectorReport
{
    public LedgerVectorReport(IReadOnlyList<LedgerVectorResult> results) => Results = results;

    public IReadOnlyList<LedgerVectorResult> Results { get; }
    public int Passed => Results.Count(r => r.Passed);
    public int Failed => Results.Count(r => !r.Passed);
    public string Summary => string.Create(CultureInfo.InvariantCulture, $"{Passed} passed, {Failed} failed");

    /// <summary>One PASS/FAIL line per case, then the summary line.</summary>
    public IEnumerable<string> Lines() => Results.Select(r => r.ToString()).Append(Summary);
}
