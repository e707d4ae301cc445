namespace Rowell.Grains.Compliance.Sanctions;

/// <summary>
/// A loaded list prepared for fast screening. Every name (primary and aliases) is kept as its sorted-token key and
/// as ids into the list's distinct tokens, so a query meets each distinct token once (not once per name). Most
/// comparisons are settled by cheap upper bounds instead of Jaro–Winkler itself (see <see cref="JaroWinklerBound"/>):
/// a pair is computed exactly only when its bound says it could still matter, so the answer is the one the full
/// computation gives, at a fraction of its cost.
/// </summary>
public sealed class SanctionsIndex
{
    internal readonly record struct IndexedName(int Entry, string Name, string Key, int[] TokenIds, BoundShape Shape);

    private readonly string[] _tokens;
    private readonly BoundShape[] _tokenShapes;
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
                names.Add(new IndexedName(i, name, key, ids, BoundShape.Of(key)));
            }
        }
        _tokens = new string[tokenIds.Count];
        _tokenShapes = new BoundShape[tokenIds.Count];
        foreach (var (token, id) in tokenIds)
        {
            _tokens[id] = token;
            _tokenShapes[id] = BoundShape.Of(token);
        }
        Names = names.ToArray();
    }

    public int DistinctTokenCount => _tokens.Length;

    /// <summary>Names indexed (primary names and aliases).</summary>
    public int NameCount => Names.Length;

    /// <summary>The query's view of the list's tokens: bounds for all, exact JW where it was needed.</summary>
    internal TokenTable TokenSimilarities(string[] queryTokens) => new(this, queryTokens);

    /// <summary>
    /// [queryToken][listToken] → an upper bound of JW, replaced by JW itself once <see cref="Exact"/> has computed it,
    /// so <see cref="Bound"/> is one load (it runs for every token of every listed name) and each pair is computed
    /// at most once per query.
    /// </summary>
    internal sealed class TokenTable
    {
        private readonly SanctionsIndex _index;
        private readonly string[] _query;
        private readonly double[][] _bounds;
        private readonly double[][] _exact;

        public TokenTable(SanctionsIndex index, string[] query)
        {
            _index = index;
            _query = query;
            _bounds = new double[query.Length][];
            _exact = new double[query.Length][];
            for (var q = 0; q < query.Length; q++)
            {
                // Every slot is written below, so the rows need not be cleared first.
                var row = _bounds[q] = GC.AllocateUninitializedArray<double>(index._tokens.Length);
                var exact = _exact[q] = GC.AllocateUninitializedArray<double>(index._tokens.Length);
                exact.AsSpan().Fill(-1);
                var shape = BoundShape.Of(query[q]);
                for (var t = 0; t < row.Length; t++)
                {
                    // Only the bound, now: the exact value is computed when a name that holds this token survives
                    // its own bound (Exact), which for a typical query is a small share of the list.
                    row[t] = JaroWinklerBound.Between(shape, index._tokenShapes[t]);
                }
            }
        }

        /// <summary>JW or an upper bound of it: what the name-level bound is made of.</summary>
        public double Bound(int q, int t) => _bounds[q][t];

        public double Exact(int q, int t)
        {
            var known = _exact[q][t];
            if (known >= 0)
            {
                return known;
            }
            var value = JaroWinkler.Similarity(_query[q], _index._tokens[t]);
            _exact[q][t] = value;
            _bounds[q][t] = value;
            return value;
        }
    }
}
