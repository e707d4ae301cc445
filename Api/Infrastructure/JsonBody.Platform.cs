using System.Globalization;
using System.Text.Json;
using Rowell.Abstractions.Common;

namespace Rowell.Api.Infrastructure;

// Field readers the developer-platform endpoints need (key permissions, expiry, sandbox amounts).
public sealed partial class JsonBody
{
    /// <summary>An array of non-empty strings, or null when absent.</summary>
    public IReadOnlyList<string>? OptionalStringList(string name, int maxItems = 50, int maxLength = 100)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > maxItems)
        {
            throw RowellException.Validation(name, $"{name} must be an array of at most {maxItems} strings.");
        }
        var items = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || Text(item, name).Trim() is not { Length: > 0 } s || s.Length > maxLength)
            {
                throw RowellException.Validation(name, $"{name} must contain non-empty strings of at most {maxLength} characters.");
            }
            items.Add(s);
        }
        return items;
    }

    /// <summary>An ISO 8601 timestamp with an offset ("2030-01-01T00:00:00Z"), or null when absent.</summary>
    public DateTimeOffset? OptionalTimestamp(string name)
    {
        var raw = OptionalString(name, 40);
        if (raw is null)
        {
            return null;
        }
        var hasOffset = raw.EndsWith('Z') || raw.EndsWith('z') || raw.LastIndexOfAny(['+', '-']) > raw.IndexOf('T', StringComparison.Ordinal);
        return hasOffset && raw.Contains('T', StringComparison.Ordinal) && DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value.ToUniversalTime()
            : throw RowellException.Validation(name, $"{name} must be an ISO 8601 timestamp with a time zone, e.g. 2030-01-01T00:00:00Z.");
    }

    /// <summary>A whole JSON number in [min, max], or null when absent.</summary>
    public int? OptionalInt(string name, int min, int max)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= min && n <= max
            ? n
            : throw RowellException.Validation(name, $"{name} must be a whole number from {min} to {max}.");
    }
}
