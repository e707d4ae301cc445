using System.Globalization;
using System.Text;

namespace Rowell.Grains.Compliance.Sanctions;

/// <summary>
/// Puts a person's or an entity's name in the form screening compares: accents removed (NFKD, combining marks
/// dropped), case folded, punctuation and hyphens turned into spaces, tokens sorted so "Bello, Musa" and
/// "musa BELLO" are one name. Unlike document numbers, names ARE normalised: the same person is written many ways.
/// </summary>
public static class NameNormalizer
{
    public static string[] Tokens(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormKD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (c is '\'' or '’' or '`')
            {
                // O'Neil, N’Diaye: the apostrophe joins, it does not split.
            }
            else
            {
                sb.Append(' ');
            }
        }
        var tokens = sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Array.Sort(tokens, StringComparer.Ordinal);
        return tokens;
    }

    /// <summary>The sorted tokens joined by one space: the comparison key.</summary>
    public static string Key(string name) => string.Join(' ', Tokens(name));
}
