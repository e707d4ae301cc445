using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;

namespace Rowell.Tests.Platform;

public sealed class RandomTokenTests
{
    [Fact]
    public void Tokens_use_the_whole_alphabet_uniformly()
    {
        var counts = new Dictionary<char, int>();
        for (var i = 0; i < 5_000; i++)
        {
            var token = RowellIds.RandomToken(40);
            Assert.Equal(40, token.Length);
            foreach (var c in token)
            {
                Assert.True(char.IsAsciiLetterOrDigit(c));
                counts[c] = counts.GetValueOrDefault(c) + 1;
            }
        }
        // 200,000 draws over 62 symbols: ~3,226 each, standard deviation ~56. A biased mapping
        // (e.g. byte % 62 without rejection) puts the first 8 symbols ~25 % above the rest.
        Assert.Equal(62, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, 2_900, 3_550));
    }

    [Fact]
    public void Derived_ids_are_well_formed_repeatable_and_distinct_per_seed()
    {
        var simulation = RowellIds.New(RowellIds.Simulation);
        var ids = Enumerable.Range(0, 2_000).Select(i => RowellIds.Derive(RowellIds.Account, $"{simulation}/account/{i}")).ToList();
        Assert.All(ids, id => Assert.True(RowellIds.IsValid(id, RowellIds.Account), id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids[7], RowellIds.Derive(RowellIds.Account, $"{simulation}/account/7"));
        Assert.NotEqual(ids[7], RowellIds.Derive(RowellIds.Account, $"{RowellIds.New(RowellIds.Simulation)}/account/7"));
    }

    [Fact]
    public void Api_key_secrets_keep_their_shape_and_id()
    {
        var id = RowellIds.New(RowellIds.ApiKey);
        var secret = ApiKeySecrets.NewSecret(id, "test");
        Assert.Equal(id, ApiKeySecrets.KeyIdOf(secret));
        Assert.NotEqual(secret, ApiKeySecrets.NewSecret(id, "test"));
    }
}
