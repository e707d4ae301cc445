using System.Text.Json;

namespace Rowell.Tests.Fuzz;

/// <summary>One operation of the OpenAPI document: what the fuzzer needs to aim at it.</summary>
public sealed record FuzzOperation(string Method, string Path, IReadOnlyList<(string Name, string In)> Parameters, IReadOnlyList<(string Name, string Type)> BodyFields, bool HasBody)
{
    public string Label => $"{Method} {Path}";

    /// <summary>Every operation in the document, read at run time so a new endpoint is fuzzed without touching the fuzzer.</summary>
    public static IReadOnlyList<FuzzOperation> Read(JsonElement document)
    {
        var operations = new List<FuzzOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject())
            {
                if (op.Name is not ("get" or "post" or "put" or "delete" or "patch"))
                {
                    continue;
                }
                var parameters = new List<(string, string)>();
                if (op.Value.TryGetProperty("parameters", out var ps))
                {
                    foreach (var p in ps.EnumerateArray())
                    {
                        parameters.Add((p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!));
                    }
                }
                var fields = new List<(string, string)>();
                var hasBody = op.Value.TryGetProperty("requestBody", out var body);
                if (hasBody && body.TryGetProperty("content", out var content))
                {
                    foreach (var media in content.EnumerateObject())
                    {
                        if (media.Value.TryGetProperty("schema", out var schema))
                        {
                            Fields(document, schema, fields);
                        }
                    }
                }
                operations.Add(new FuzzOperation(op.Name.ToUpperInvariant(), path.Name, parameters, fields, hasBody));
            }
        }
        return operations;
    }

    private static void Fields(JsonElement document, JsonElement schema, List<(string, string)> fields)
    {
        schema = Resolve(document, schema);
        if (!schema.TryGetProperty("properties", out var properties))
        {
            return;
        }
        foreach (var p in properties.EnumerateObject())
        {
            fields.Add((p.Name, TypeOf(Resolve(document, p.Value))));
        }
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        for (var i = 0; i < 8 && schema.TryGetProperty("$ref", out var reference); i++)
        {
            var node = document;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                node = node.GetProperty(part);
            }
            schema = node;
        }
        return schema;
    }

    private static string TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return "string";
        }
        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()!).FirstOrDefault(t => t != "null") ?? "string"
            : type.GetString() ?? "string";
    }
}
