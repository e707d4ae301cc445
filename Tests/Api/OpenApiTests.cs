using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Api;

/// <summary>
/// Success answers are described by the handlers' return types: /openapi/v1.json gives every public operation a 2xx
/// with its envelope's schema, and no hand-written <c>.Produces</c> adds (or duplicates) a success status beside them.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiTests(ApiFixture fixture)
{
    private ApiFactory Factory => fixture.Factory;

    [Fact]
    public async Task Every_public_operation_documents_a_success_envelope_schema()
    {
        using var doc = JsonDocument.Parse(await Factory.CreateClient().GetStringAsync("/openapi/v1.json"));
        var root = doc.RootElement;
        var schemas = root.GetProperty("components").GetProperty("schemas");
        var operations = 0;
        var undescribed = new List<string>();
        foreach (var path in root.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal) || p.Name == "/api/v1"))
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => HttpMethods.Contains(o.Name)))
            {
                operations++;
                var success = operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
                var described = success.Any(r =>
                    r.Value.TryGetProperty("content", out var content)
                    && content.TryGetProperty("application/json", out var json)
                    && json.TryGetProperty("schema", out var schema)
                    && Resolve(schema, schemas) is { } envelope
                    && envelope.TryGetProperty("properties", out var properties)
                    && properties.TryGetProperty("data", out _)
                    && properties.TryGetProperty("success", out _));
                if (!described)
                {
                    undescribed.Add($"{operation.Name.ToUpperInvariant()} {path.Name} ({string.Join(", ", success.Select(r => r.Name).DefaultIfEmpty("no 2xx"))})");
                }
            }
        }
        Assert.True(operations > 40, $"only {operations} operations under /api/v1: the scan is not reading the document");
        Assert.True(undescribed.Count == 0, "operations without a success envelope schema (return a typed result):\n  " + string.Join("\n  ", undescribed));
    }

    [Fact]
    public async Task The_documented_schema_names_the_fields_of_the_answer()
    {
        // The schema is the code's: the fields a real answer carries are the ones the document lists for it.
        var (client, _, _) = await Factory.NewDeveloperAsync();
        var account = await Http.CreateAccountAsync(client);
        using var doc = JsonDocument.Parse(await Factory.CreateClient().GetStringAsync("/openapi/v1.json"));
        var schemas = doc.RootElement.GetProperty("components").GetProperty("schemas");
        var created = doc.RootElement.GetProperty("paths").GetProperty("/api/v1/accounts").GetProperty("post").GetProperty("responses").GetProperty("201")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var data = Resolve(Resolve(created, schemas)!.Value.GetProperty("properties").GetProperty("data"), schemas)!.Value;
        var documented = data.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(account.EnumerateObject().Select(p => p.Name).Order().ToList(), documented);
    }

    [Fact]
    public void Success_statuses_come_from_the_return_types_only()
    {
        var endpoints = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .Where(e => e.RoutePattern.RawText is { } route && (route.StartsWith("/api/v1", StringComparison.Ordinal) || route.StartsWith("/health", StringComparison.Ordinal)))
            .ToList();
        var offenders = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var name = endpoint.DisplayName ?? endpoint.RoutePattern.RawText!;
            var method = endpoint.Metadata.GetMetadata<MethodInfo>();
            var returned = method is null ? null : Unwrap(method.ReturnType);
            if (method is null || returned is null || !typeof(IEndpointMetadataProvider).IsAssignableFrom(returned))
            {
                offenders.Add($"{name}: returns {returned?.Name ?? "?"}, not a typed result that describes itself");
                continue;
            }
            var declared = Success(Populate(returned, method));
            if (declared.Count == 0)
            {
                offenders.Add($"{name}: {returned.Name} declares no 2xx");
            }
            // Whatever 2xx the endpoint carries beyond its return type's came from a .Produces call.
            var extra = Success(endpoint.Metadata).ToList();
            foreach (var d in declared)
            {
                extra.Remove(d);
            }
            offenders.AddRange(extra.Select(x => $"{name}: .Produces declares {x.Status} {x.Type?.Name}, which its return type already says or contradicts"));
        }
        Assert.True(endpoints.Count > 40, $"only {endpoints.Count} endpoints found: the scan is not reading the routes");
        Assert.True(offenders.Count == 0, string.Join("\n  ", offenders.Prepend("success answers not described by the handler's return type:")));
    }

    private static readonly HashSet<string> HttpMethods = ["get", "post", "put", "patch", "delete"];

    /// <summary>The schema behind a $ref, and behind the "null or X" a generic envelope's data is written as.</summary>
    private static JsonElement? Resolve(JsonElement schema, JsonElement schemas)
    {
        if (schema.TryGetProperty("oneOf", out var choices) || schema.TryGetProperty("anyOf", out choices))
        {
            var notNull = choices.EnumerateArray()
                .Where(c => !(c.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")).ToList();
            return notNull.Count == 1 ? Resolve(notNull[0], schemas) : schema;
        }
        return schema.TryGetProperty("$ref", out var reference)
            ? schemas.TryGetProperty(reference.GetString()!.Split('/')[^1], out var target) ? target : null
            : schema;
    }

    private static Type? Unwrap(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? type.GetGenericArguments()[0]
            : type == typeof(Task) || type == typeof(ValueTask) || type == typeof(void) ? null : type;

    private static List<(int Status, Type? Type)> Success(IEnumerable<object> metadata) =>
        metadata.OfType<IProducesResponseTypeMetadata>().Where(p => p.StatusCode is >= 200 and < 300).Select(p => (p.StatusCode, p.Type)).ToList();

    private static IList<object> Populate(Type result, MethodInfo method)
    {
        var builder = new RouteEndpointBuilder(null, RoutePatternFactory.Parse("/"), 0);
        typeof(OpenApiTests).GetMethod(nameof(PopulateOf), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(result).Invoke(null, [method, builder]);
        return builder.Metadata;
    }

    private static void PopulateOf<T>(MethodInfo method, EndpointBuilder builder) where T : IEndpointMetadataProvider =>
        T.PopulateMetadata(method, builder);
}
