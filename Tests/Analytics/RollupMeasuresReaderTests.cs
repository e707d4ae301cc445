using System.Text.Json;
using CsCheck;
using Rowell.Grains.Analytics;

namespace Rowell.Tests.Analytics;

/// <summary>The fast measures reader reads every document exactly as the deserialiser does, or leaves it to it.</summary>
public sealed class RollupMeasuresReaderTests
{
    private static readonly Gen<SortedDictionary<string, long>> Map =
        Gen.Dictionary(Gen.String["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcé\"\\"], Gen.Long)[0, 4]
            .Select(d => new SortedDictionary<string, long>(d, StringComparer.Ordinal));

    private static readonly Gen<RollupMeasures> Measures =
        Gen.Select(Gen.Long.Array[13, 13], Map, Map, Map).Select((n, vol, fee, dep) => new RollupMeasures
        {
            Count = n[0], Completed = n[1], Failed = n[2], Rejected = n[3], Senders = n[4], Receivers = n[5], Users = n[6],
            Settled = n[7], SettledMsSum = n[8], P50Ms = n[9], P95Ms = n[10], NewAccounts = n[11], Deposits = n[12],
            Volume = vol, Fees = fee, DepositVolume = dep,
        });

    [Fact]
    public void Reads_every_written_document_as_the_deserialiser_does() =>
        Measures.Sample(m =>
        {
            var json = new RollupBucket { Measures = m }.MeasuresJson();
            var fast = RollupMeasuresReader.TryRead(json);
            return fast is not null && Same(fast, RollupBucket.ReadMeasuresSlowly(json)) && Same(fast, m);
        }, iter: 5_000);

    [Fact]
    public void Reads_documents_with_fields_in_any_order_or_missing_or_repeated_as_the_deserialiser_does()
    {
        string[] docs =
        [
            """{"vol":{"XLM":5},"n":3}""",
            """{}""",
            """{"n":1,"n":2,"vol":{"A":1},"vol":{"B":2}}""",
            """ { "p95_ms" : -1 , "fee" : { } } """,
            """{"vol":{"USD\u0043":7}}""",
        ];
        foreach (var json in docs)
        {
            var fast = RollupMeasuresReader.TryRead(json);
            Assert.NotNull(fast);
            Assert.True(Same(fast, RollupBucket.ReadMeasuresSlowly(json)), json);
        }
    }

    [Theory]
    [InlineData("""{"n":1,"future_field":2}""")]   // written by a newer version: the deserialiser skips it
    [InlineData("""{"N":1}""")]                       // names are case-sensitive for both
    [InlineData("""{"vol":{"XLM":1,"XLM":2}}""")]
    [InlineData("""{"vol":null}""")]
    [InlineData("""{"n":1.5}""")]
    [InlineData("""{"n":1""")]
    [InlineData("""[1]""")]
    [InlineData("""{"n":1} x""")]
    public void Leaves_what_it_does_not_know_to_the_deserialiser(string json)
    {
        Assert.Null(RollupMeasuresReader.TryRead(json));
        RollupMeasures? slow = null;
        Exception? slowError = null;
        try { slow = RollupBucket.ReadMeasuresSlowly(json); } catch (Exception e) { slowError = e; }
        // ReadMeasures answers exactly what the deserialiser answers: the same value or the same failure.
        if (slowError is null)
        {
            Assert.True(Same(RollupBucket.ReadMeasures(json), slow!));
        }
        else
        {
            Assert.Throws(slowError.GetType(), () => RollupBucket.ReadMeasures(json));
        }
    }

    private static bool Same(RollupMeasures a, RollupMeasures b) =>
        Numbers(a).SequenceEqual(Numbers(b)) && SameMap(a.Volume, b.Volume) && SameMap(a.Fees, b.Fees) && SameMap(a.DepositVolume, b.DepositVolume);

    private static long[] Numbers(RollupMeasures m) =>
        [m.Count, m.Completed, m.Failed, m.Rejected, m.Senders, m.Receivers, m.Users, m.Settled, m.SettledMsSum, m.P50Ms, m.P95Ms, m.NewAccounts, m.Deposits];

    private static bool SameMap(SortedDictionary<string, long>? a, SortedDictionary<string, long>? b) =>
        a is null || b is null ? a == b : a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
