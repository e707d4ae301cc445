using System.Text.Json;
using Rowell.Abstractions.Common;

namespace Rowell.Api.Infrastructure;

/// <summary>
/// Reads a JSON object body with exact errors: 415 for another media type, 413 past the size cap,
/// INVALID_JSON for bytes that are not JSON, VALIDATION_ERROR naming the field for everything else.
/// Requests are read by hand rather than bound so every bad field gets its own clear message and
/// unknown fields are refused (a typo never silently falls back to a default with money involved).
/// </summary>
public sealed partial class JsonBody
{
    public const int MaxBytes = 64 * 1024;

    private readonly JsonElement _root;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    private JsonBody(JsonElement root, string sha256)
    {
        _root = root;
        Sha256 = sha256;
    }

    /// <summary>Hex SHA-256 of the raw body bytes: the "same body" of Idempotency-Key checks.</summary>
    public string Sha256 { get; }

    public static async Task<JsonBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new RowellException(ErrorCodes.UnsupportedMediaType, "Send the body as application/json.");
        }
        if (request.ContentLength > MaxBytes)
        {
            throw new RowellException(ErrorCodes.PayloadTooLarge, $"The body is larger than {MaxBytes} bytes.");
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new RowellException(ErrorCodes.PayloadTooLarge, $"The body is larger than {MaxBytes} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new RowellException(ErrorCodes.InvalidJson, $"The body is not valid JSON: {e.Message}");
        }
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new RowellException(ErrorCodes.InvalidJson, "The body must be a JSON object.");
        }
        CheckTree(doc.RootElement, null);
        return new JsonBody(doc.RootElement.Clone(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))));
    }

    /// <summary>
    /// Every level of the body: a name twice in one object is refused (which one would count?), and so is text
    /// that is no text — a lone UTF-16 surrogate escape ("\ud800") is valid JSON but throws wherever it is read.
    /// </summary>
    private static void CheckTree(JsonElement element, string? path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = p.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        throw RowellException.Validation(path ?? "body", $"{path ?? "the body"} has a field name that is not valid text (an unpaired UTF-16 surrogate escape).");
                    }
                    var field = path is null ? name : $"{path}.{name}";
                    if (!names.Add(name))
                    {
                        throw RowellException.Validation(field, $"{field} appears more than once.");
                    }
                    CheckTree(p.Value, field);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CheckTree(item, path);
                }
                break;
            case JsonValueKind.String:
                _ = Text(element, path ?? "body");
                break;
        }
    }

    public string RequiredString(string name, int maxLength = 200) =>
        OptionalString(name, maxLength) ?? throw RowellException.Validation(name, $"{name} is required.");

    public string? OptionalString(string name, int maxLength = 200)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw RowellException.Validation(name, $"{name} must be a string.");
        }
        var s = Text(value, name).Trim();
        if (s.Length == 0)
        {
            throw RowellException.Validation(name, $"{name} must not be empty.");
        }
        if (s.Length > maxLength)
        {
            throw RowellException.Validation(name, $"{name} must be at most {maxLength} characters.");
        }
        return s;
    }

    public T RequiredEnum<T>(string name) where T : struct, Enum =>
        OptionalEnum<T>(name) ?? throw RowellException.Validation(name, $"{name} is required: one of {string.Join(", ", EnumNames.Names<T>())}.");

    public T? OptionalEnum<T>(string name) where T : struct, Enum
    {
        var raw = OptionalString(name, 40);
        if (raw is null)
        {
            return null;
        }
        return EnumNames.TryParse<T>(raw, out var value)
            ? value
            : throw RowellException.Validation(name, $"{name} must be one of {string.Join(", ", EnumNames.Names<T>())}.");
    }

    /// <summary>
    /// A money amount: a JSON string in the one amount grammar of <see cref="Money.TryParse"/> ("12.50").
    /// JSON numbers are refused because clients parse them as binary floats; signs, exponents, spaces and
    /// anything but ASCII digits and one point are refused too — always as a 400 naming the field.
    /// </summary>
    public decimal RequiredAmount(string name)
    {
        if (!TryGet(name, out var value))
        {
            throw RowellException.Validation(name, $"{name} is required, as a decimal string such as \"12.50\".");
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw RowellException.Validation(name, $"{name} must be a decimal string such as \"12.50\", not a JSON {value.ValueKind.ToString().ToLowerInvariant()}.");
        }
        return Money.TryParse(Text(value, name), out var amount, out var error)
            ? amount
            : throw RowellException.Validation(name, Money.Describe(error, name));
    }

    /// <summary>A flat object of string values (metadata). Numbers or nested objects are refused, not coerced.</summary>
    public IReadOnlyDictionary<string, string> OptionalStringMap(string name)
    {
        if (!TryGet(name, out var value))
        {
            return new Dictionary<string, string>();
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw RowellException.Validation(name, $"{name} must be an object of string values.");
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in value.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String)
            {
                throw RowellException.Validation($"{name}.{p.Name}", $"{name} values must be strings.");
            }
            map[p.Name] = Text(p.Value, $"{name}.{p.Name}");
        }
        return map;
    }

    /// <summary>Call last: any field not read by the endpoint is an error.</summary>
    public void RejectUnknownFields()
    {
        foreach (var p in _root.EnumerateObject())
        {
            if (!_seen.Contains(p.Name))
            {
                throw RowellException.Validation(p.Name, $"{p.Name} is not a known field.");
            }
        }
    }

    /// <summary>
    /// A JSON string's text. JSON allows escapes of lone UTF-16 surrogates ("\ud800") that are no text at all;
    /// reading one throws, so it is a 400 on the field here instead of a 500 wherever it would be read.
    /// </summary>
    internal static string Text(JsonElement value, string name)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw RowellException.Validation(name, $"{name} is not valid text (it holds an unpaired UTF-16 surrogate escape).");
        }
    }

    private bool TryGet(string name, out JsonElement value)
    {
        _seen.Add(name);
        if (_root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }
        return false;
    }
}
