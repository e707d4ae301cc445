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
    public void Api_key_secrets_keep_their_shape_and_id()
    {
        var id = RowellIds.New(RowellIds.ApiKey);
        var secret = ApiKeySecrets.NewSecret(id, "test");
        Assert.Equal(id, ApiKeySecrets.KeyIdOf(secret));
        Assert.NotEqual(secret, ApiKeySecrets.NewSecret(id, "test"));
    }
}
