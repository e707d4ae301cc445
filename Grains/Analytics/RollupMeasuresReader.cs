using System.Text;
using System.Text.Json;

namespace Rowell.Grains.Analytics;

/// <summary>
/// Reads a stored <c>measures</c> document with <see cref="Utf8JsonReader"/>: every analytics answer reads one per
/// rollup row of its range (a month of merchants by day is ~29,000), and the reflection-based deserialiser spent
/// 3–7 µs on each, most of an answer's build. A document with a field this reader does not know (written by a newer
/// version) is handed to the deserialiser, so nothing is dropped; equal to it for every document
/// (Tests/Analytics/RollupMeasuresReaderTests.cs).
/// </summary>
internal static class RollupMeasuresReader
{
    public static RollupMeasures? TryRead(string json)
    {
        var max = Encoding.UTF8.GetMaxByteCount(json.Length);
        var rented = max <= 1024 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(max);
        Span<byte> buffer = rented is null ? stackalloc byte[1024] : rented;
        try
        {
            var length = Encoding.UTF8.GetBytes(json, buffer);
            return TryRead(buffer[..length]);
        }
        catch (JsonException)
        {
            return null; // the deserialiser reports it with its own message
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static RollupMeasures? TryRead(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }
        var m = new RollupMeasures();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            if (reader.ValueIsEscaped || !reader.Read())
            {
                return null;
            }
            if (name.SequenceEqual("vol"u8)) { if (!Map(ref reader, m.Volume)) return null; }
            else if (name.SequenceEqual("fee"u8)) { if (!Map(ref reader, m.Fees)) return null; }
            else if (name.SequenceEqual("dep_vol"u8)) { if (!Map(ref reader, m.DepositVolume)) return null; }
            else if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var v)) return null;
            else if (name.SequenceEqual("n"u8)) m.Count = v;
            else if (name.SequenceEqual("ok"u8)) m.Completed = v;
            else if (name.SequenceEqual("fail"u8)) m.Failed = v;
            else if (name.SequenceEqual("rej"u8)) m.Rejected = v;
            else if (name.SequenceEqual("snd"u8)) m.Senders = v;
            else if (name.SequenceEqual("rcv"u8)) m.Receivers = v;
            else if (name.SequenceEqual("usr"u8)) m.Users = v;
            else if (name.SequenceEqual("stl"u8)) m.Settled = v;
            else if (name.SequenceEqual("stl_ms"u8)) m.SettledMsSum = v;
            else if (name.SequenceEqual("p50_ms"u8)) m.P50Ms = v;
            else if (name.SequenceEqual("p95_ms"u8)) m.P95Ms = v;
            else if (name.SequenceEqual("new_acc"u8)) m.NewAccounts = v;
            else if (name.SequenceEqual("dep"u8)) m.Deposits = v;
            else return null;
        }
        return reader.TokenType == JsonTokenType.EndObject && !reader.Read() ? m : null;
    }

    private static bool Map(ref Utf8JsonReader reader, SortedDictionary<string, long> into)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }
        into.Clear(); // a repeated field replaces the earlier one, as with the deserialiser
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var v) || !into.TryAdd(key, v))
            {
                return false;
            }
        }
        return reader.TokenType == JsonTokenType.EndObject;
    }
}
