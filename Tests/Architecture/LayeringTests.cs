using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Rowell.Tests.Architecture;

/// <summary>
/// The API reaches grains through Grains.Abstractions only, as a cluster client does; the grain implementations
/// (the Rowell.Grains assembly) are touched by one type, the embedded-mode silo wiring. Checked on the compiled
/// Rowell.Api.dll, so a fully qualified name or a lambda cannot slip past it the way it could past a text search.
/// </summary>
public sealed class LayeringTests
{
    private const string GrainsAssembly = "Rowell.Grains";
    private const string AllowedType = "Rowell.Api.Hosting.EmbeddedSilo";

    [Fact]
    public void Only_the_embedded_silo_wiring_references_the_grain_implementations()
    {
        var uses = GrainsReferencesByApiType();
        var offenders = uses.Where(u => u.Key != AllowedType)
            .Select(u => $"{u.Key} uses {string.Join(", ", u.Value.Order())}")
            .Order().ToList();
        Assert.True(offenders.Count == 0,
            "Api types reference the Rowell.Grains assembly; use an interface from Grains.Abstractions, or move what both sides " +
            "need into Shared/ (settings, metrics, catalogues):\n  " + string.Join("\n  ", offenders));
    }

    [Fact]
    public void The_scan_sees_the_embedded_wiring()
    {
        // Guards the test above: if the scan stopped seeing references, it would pass for the wrong reason.
        var uses = GrainsReferencesByApiType();
        Assert.True(uses.TryGetValue(AllowedType, out var used), "the scan found no Rowell.Grains reference in " + AllowedType);
        Assert.Contains("Rowell.Grains.Hosting.RowellHosting", used);
    }

    [Fact]
    public void Api_references_the_contracts_and_the_shared_assembly()
    {
        var referenced = typeof(Program).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToHashSet();
        Assert.Contains("Rowell.Grains.Abstractions", referenced);
        Assert.Contains("Rowell.Shared", referenced);
    }

    /// <summary>For every top-level Api type, the Rowell.Grains types it (or its nested and compiler-generated types) refers to.</summary>
    private static Dictionary<string, HashSet<string>> GrainsReferencesByApiType()
    {
        using var module = ModuleDefinition.ReadModule(typeof(Program).Assembly.Location);
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in module.GetTypes())
        {
            var owner = type;
            while (owner.DeclaringType is not null)
            {
                owner = owner.DeclaringType;
            }
            foreach (var referenced in Referenced(type).SelectMany(Flatten).Where(IsFromGrains))
            {
                if (!result.TryGetValue(owner.FullName, out var set))
                {
                    result[owner.FullName] = set = new HashSet<string>(StringComparer.Ordinal);
                }
                set.Add(referenced.GetElementType().FullName);
            }
        }
        return result;
    }

    private static bool IsFromGrains(TypeReference t) =>
        t is not GenericParameter && t.Scope is AssemblyNameReference a && a.Name == GrainsAssembly;

    private static IEnumerable<TypeReference> Referenced(TypeDefinition type)
    {
        if (type.BaseType is { } b) yield return b;
        foreach (var i in type.Interfaces) yield return i.InterfaceType;
        foreach (var a in type.CustomAttributes) yield return a.AttributeType;
        foreach (var f in type.Fields) yield return f.FieldType;
        foreach (var p in type.Properties) yield return p.PropertyType;
        foreach (var m in type.Methods)
        {
            yield return m.ReturnType;
            foreach (var p in m.Parameters) yield return p.ParameterType;
            foreach (var a in m.CustomAttributes) yield return a.AttributeType;
            if (!m.HasBody)
            {
                continue;
            }
            foreach (var v in m.Body.Variables) yield return v.VariableType;
            foreach (var instruction in m.Body.Instructions)
            {
                foreach (var t in Operand(instruction))
                {
                    yield return t;
                }
            }
        }
    }

    private static IEnumerable<TypeReference> Operand(Instruction instruction)
    {
        switch (instruction.Operand)
        {
            case TypeReference t:
                yield return t;
                break;
            case MethodReference m:
                yield return m.DeclaringType;
                yield return m.ReturnType;
                foreach (var p in m.Parameters) yield return p.ParameterType;
                if (m is GenericInstanceMethod g)
                {
                    foreach (var a in g.GenericArguments) yield return a;
                }
                break;
            case FieldReference f:
                yield return f.DeclaringType;
                yield return f.FieldType;
                break;
        }
    }

    /// <summary>A type and the types it is built from (array elements, generic arguments).</summary>
    private static IEnumerable<TypeReference> Flatten(TypeReference type)
    {
        yield return type;
        if (type is TypeSpecification spec)
        {
            foreach (var inner in Flatten(spec.ElementType)) yield return inner;
        }
        if (type is GenericInstanceType generic)
        {
            foreach (var inner in generic.GenericArguments.SelectMany(Flatten)) yield return inner;
        }
        if (type.DeclaringType is { } declaring && !ReferenceEquals(declaring, type))
        {
            foreach (var inner in Flatten(declaring)) yield return inner;
        }
    }
}
