using System.Globalization;
using System.Text.Json;
using Rowell.Abstractions.Common;

namespace Rowell.Api.Infrastructure;

// Field readers the compliance endpoints need.
public sealed partial class JsonBody
{
    /// <summary>
    /// A string exactly as sent — NOT trimmed. Identity document numbers are checked character for character, so a
    /// leading space must reach the validator (and fail it) rather than be silently removed here.
    /// </summary>
    public string? OptionalRawString(string name, int maxLength)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw RowellException.Validation(name, $"{name} must be a string.");
        }
        var s = value.GetString()!;
        if (s.Length == 0)
        {
            throw RowellException.Validation(name, $"{name} must not be empty.");
        }
        return s.Length <= maxLength ? s : throw RowellException.Validation(name, $"{name} must be at most {maxLength} characters.");
    }

    public string RequiredRawString(string name, int maxLength) =>
        OptionalRawString(name, maxLength) ?? throw RowellException.Validation(name, $"{name} is required.");

    /// <summary>A calendar date written YYYY-MM-DD in ASCII digits.</summary>
    public DateOnly RequiredDate(string name)
    {
        var raw = RequiredString(name, 10);
        return DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && raw.All(c => c == '-' || char.IsAsciiDigit(c))
            ? date
            : throw RowellException.Validation(name, $"{name} must be a date written YYYY-MM-DD.");
    }

    /// <summary>One of <paramref name="allowed"/>, exactly (case and spacing included).</summary>
    public string? OptionalChoice(string name, IReadOnlyList<string> allowed)
    {
        var raw = OptionalString(name, 40);
        return raw is null || allowed.Contains(raw, StringComparer.Ordinal)
            ? raw
            : throw RowellException.Validation(name, $"{name} must be one of {string.Join(", ", allowed)}.");
    }

    public string RequiredChoice(string name, IReadOnlyList<string> allowed) =>
        OptionalChoice(name, allowed) ?? throw RowellException.Validation(name, $"{name} is required: one of {string.Join(", ", allowed)}.");
}
