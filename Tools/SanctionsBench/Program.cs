using System.Diagnostics;
using System.Globalization;
using System.Text;
using Rowell.Grains.Compliance.Sanctions;

// Screening throughput and latency: N names against a list of M entries in the UN consolidated XML format
// (synthetic, generated here with a fixed seed, parsed by the production parser). Reports names/s and the
// latency percentiles of one Screen call, of the worst case a transfer pays (three metadata names; the holders'
// identities are screened once per list and cached), and the ratio to a baseline measured in the same run: an
// exact lookup of the normalised name, the cheapest screening there is.
var entries = Arg(args, "--entries", 1_000);
var names = Arg(args, "--names", 10_000);
var random = new Random(20261202);
string[] syllables = ["ba", "lo", "ke", "mi", "tu", "sa", "ra", "di", "no", "ze", "qua", "ri", "an", "el", "or", "um", "ka", "be", "fi", "go", "ha", "ju", "ly", "mo", "ne", "pa", "si", "to", "va", "wi"];
string Word() => string.Concat(Enumerable.Range(0, random.Next(2, 4)).Select(_ => syllables[random.Next(syllables.Length)]));
string Person() => string.Join(' ', Enumerable.Range(0, random.Next(2, 4)).Select(_ => Word()));

var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><CONSOLIDATED_LIST dateGenerated=\"2026-12-01T00:00:00Z\"><INDIVIDUALS>");
var listed = new List<string>();
for (var i = 0; i < entries; i++)
{
    var parts = Person().ToUpperInvariant().Split(' ');
    listed.Add(string.Join(' ', parts));
    xml.Append($"<INDIVIDUAL><DATAID>{8_000_000 + i}</DATAID><VERSIONNUM>1</VERSIONNUM>");
    string[] fields = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME"];
    for (var p = 0; p < parts.Length; p++)
    {
        xml.Append($"<{fields[p]}>{parts[p]}</{fields[p]}>");
    }
    xml.Append($"<UN_LIST_TYPE>Bench</UN_LIST_TYPE><REFERENCE_NUMBER>BNi.{i:0000}</REFERENCE_NUMBER><LISTED_ON>2020-01-01</LISTED_ON>");
    xml.Append("<NATIONALITY><VALUE>Nigeria</VALUE></NATIONALITY><LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE>");
    if (i % 2 == 0)
    {
        xml.Append($"<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>{Person()}</ALIAS_NAME></INDIVIDUAL_ALIAS>");
    }
    xml.Append($"<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>{1950 + i % 50}-0{1 + i % 9}-1{i % 9}</DATE></INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>");
}
xml.Append("</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>");
var parse = Stopwatch.StartNew();
var index = new SanctionsIndex(UnConsolidatedListParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml.ToString())), "bench", DateTimeOffset.UtcNow));
parse.Stop();

// 5 % of the queries are listed names with one typo; the rest are other people.
var queries = Enumerable.Range(0, names).Select(i =>
{
    if (i % 20 != 0)
    {
        return Person();
    }
    var name = listed[random.Next(listed.Count)].ToCharArray();
    name[random.Next(name.Length)] = 'x';
    return new string(name);
}).ToArray();

var exact = index.List.Entries.SelectMany(e => e.MatchNames).Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
for (var i = 0; i < 2_000; i++)
{
    SanctionsScreener.Screen(index, new ScreeningSubject(queries[i % queries.Length]));
    _ = exact.Contains(NameNormalizer.Key(queries[i % queries.Length]));
}

var (baselineRate, _) = Measure(q => exact.Contains(NameNormalizer.Key(q)) ? 1 : 0);
var hits = 0;
var (rate, latencies) = Measure(q =>
{
    var r = SanctionsScreener.Screen(index, new ScreeningSubject(q, new DateOnly(1980, 1, 1), "NG"));
    return r.IsHit || r.IsPossibleMatch ? 1 : 0;
}, count => hits = count);
var perTransfer = new double[names / 3];
for (var i = 0; i < perTransfer.Length; i++)
{
    var start = Stopwatch.GetTimestamp();
    for (var k = 0; k < 3; k++)
    {
        SanctionsScreener.Screen(index, new ScreeningSubject(queries[(3 * i + k) % queries.Length]));
    }
    perTransfer[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}
Array.Sort(perTransfer);

Console.WriteLine(FormattableString.Invariant($"list: {index.List.Entries.Count} entries, {index.NameCount} names (aliases included), {index.DistinctTokenCount} distinct tokens; parsed and indexed in {parse.Elapsed.TotalMilliseconds:0} ms"));
Console.WriteLine(FormattableString.Invariant($"screened: {names} names, {hits} hits or possible matches (≈{names / 20} typo'd listed names planted)"));
Console.WriteLine(FormattableString.Invariant($"fuzzy screening: {rate:0} names/s; one name p50 {P(latencies, 0.50):0.000} ms, p95 {P(latencies, 0.95):0.000} ms, p99 {P(latencies, 0.99):0.000} ms"));
Console.WriteLine(FormattableString.Invariant($"baseline (exact normalised lookup): {baselineRate:0} names/s → fuzzy costs {baselineRate / rate:0.0}× the baseline"));
Console.WriteLine(FormattableString.Invariant($"per transfer (worst case, 3 metadata names; holders' identities are cached per list): p50 {P(perTransfer, 0.50):0.000} ms, p95 {P(perTransfer, 0.95):0.000} ms — target < 1 ms: {(P(perTransfer, 0.95) < 1 ? "met" : "NOT met")}"));

(double Rate, double[] Latencies) Measure(Func<string, int> screen, Action<int>? total = null)
{
    var latencies = new double[queries.Length];
    var found = 0;
    var all = Stopwatch.StartNew();
    for (var i = 0; i < queries.Length; i++)
    {
        var start = Stopwatch.GetTimestamp();
        found += screen(queries[i]);
        latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
    all.Stop();
    total?.Invoke(found);
    Array.Sort(latencies);
    return (queries.Length / all.Elapsed.TotalSeconds, latencies);
}

static double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

static int Arg(string[] args, string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
