using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rowell.Client;

/// <summary>The wire format: snake_case names, nulls left out (the API rejects nothing it does not know, but sends less).</summary>
public static class RowellJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    /// <summary>Indented, for people.</summary>
    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };
}

/// <summary>An immutable query string builder; null values are left out.</summary>
public readonly record struct QueryString(string Value)
{
    public static QueryString Empty => new("");

    public QueryString With(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }
        var sb = new StringBuilder(Value);
        sb.Append(Value.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        return new QueryString(sb.ToString());
    }

    public QueryString With(string name, DateOnly? value) => With(name, value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public QueryString With(string name, DateTimeOffset? value) => With(name, value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    public QueryString With(string name, int? value) => With(name, value?.ToString(CultureInfo.InvariantCulture));

    public override string ToString() => Value;

    public static string operator +(string path, QueryString q) => path + q.Value;
}
