namespace Rowell.Grains.Compliance.Sanctions;

/// <summary>
/// A loaded list prepared for fast screening. Every name (primary and aliases) is kept as its sorted-token key
/// and as ids into the list's distinct tokens, so a query compares each of its tokens with each distinct token
/// once (not once per name), and whole-name comparisons are skipped when a character-count bound shows they
/// cannot reach the reporting threshold.
/// </summary>
public sealed class SanctionsIndex
{
    internal readonly record struct IndexedName(int Entry, string Name, string Key, int[] TokenIds, byte[] LetterCounts);

    private readonly string[] _tokens;
    internal IndexedName[] Names { get; }
    public SanctionsList List { get; }

    public SanctionsIndex(SanctionsList list)
    {
        List = list;
        var tokenIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<IndexedName>();
        for (var i = 0; i < list.Entries.Count; i++)
        {
            foreach (var (name, key, tokens) in list.Entries[i].MatchNames)
            {
                var ids = tokens.Select(t => tokenIds.TryGetValue(t, out var id) ? id : tokenIds[t] = tokenIds.Count).ToArray();
                names.Add(new IndexedName(i, name, key, ids, LetterCounts(key)));
            }
        }
        _tokens = new string[tokenIds.Count];
        foreach (var (token, id) in tokenIds)
        {
            _tokens[id] = token;
        }
        Names = names.ToArray();
    }

    public int DistinctTokenCount => _tokens.Length;

    /// <summary>JW of each query token against each distinct list token: [queryToken][listToken].</summary>
    internal double[][] TokenSimilarities(string[] queryTokens)
    {
        var table = new double[queryTokens.Length][];
        for (var q = 0; q < queryTokens.Length; q++)
        {
            var row = table[q] = new double[_tokens.Length];
            var query = queryTokens[q].AsSpan();
            for (var t = 0; t < _tokens.Length; t++)
            {
                row[t] = JaroWinkler.Similarity(query, _tokens[t]);
            }
        }
        return table;
    }

    /// <summary>Counts of a-z, 0-9, other letters (one bucket) and spaces, capped at 255.</summary>
    internal static byte[] LetterCounts(string key)
    {
        var counts = new byte[38];
        foreach (var c in key)
        {
            var slot = c switch
            {
                >= 'a' and <= 'z' => c - 'a',
                >= '0' and <= '9' => 26 + c - '0',
                ' ' => 37,
                _ => 36,
            };
            if (counts[slot] < 255)
            {
                counts[slot]++;
            }
        }
        return counts;
    }

    /// <summary>
    /// An upper bound of Jaro–Winkler from character counts: Jaro's matches m ≤ the characters the two share, and
    /// its transposition term ≤ 1, so Jaro ≤ (c/|a| + c/|b| + 1)/3 and JW ≤ Jaro + 0.4(1 − Jaro).
    /// </summary>
    internal static double UpperBound(byte[] a, int aLength, byte[] b, int bLength)
    {
        var common = 0;
        for (var i = 0; i < a.Length; i++)
        {
            common += Math.Min(a[i], b[i]);
        }
        if (common == 0)
        {
            return 0;
        }
        var jaro = ((double)common / aLength + (double)common / bLength + 1) / 3;
        jaro = Math.Min(1, jaro);
        return jaro + 0.4 * (1 - jaro);
    }
}
