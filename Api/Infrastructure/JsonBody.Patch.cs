using System.Text.Json;
using Rowell.Abstractions.Common;

namespace Rowell.Api.Infrastructure;

// Field readers for PATCH bodies, where "absent" and "cleared" mean different things.
public sealed partial class JsonBody
{
    /// <summary>
    /// An optional text field a PATCH may clear: absent → (false, null), leave it as it is; null, "" or only
    /// blanks → (true, null), clear it; text → (true, the trimmed text).
    /// </summary>
    public (bool Present, string? Value) ClearableString(string name, int maxLength)
    {
        _seen.Add(name);
        if (!_root.TryGetProperty(name, out var value))
        {
            return (false, null);
        }
        if (value.ValueKind == JsonValueKind.Null)
        {
            return (true, null);
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw RowellException.Validation(name, $"{name} must be a string or null.");
        }
        var s = Text(value, name).Trim();
        if (s.Length > maxLength)
        {
            throw RowellException.Validation(name, $"{name} must be at most {maxLength} characters.");
        }
        return (true, s.Length == 0 ? null : s);
    }
}
