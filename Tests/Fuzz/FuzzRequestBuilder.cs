using System.Text;
using System.Text.Json;

namespace Rowell.Tests.Fuzz;

/// <summary>What the fuzzer knows to aim with: its own ids (harvested as it goes) and the bystander's (which must stay out of reach).</summary>
public sealed class FuzzWorld
{
    public List<string> Accounts { get; } = [];
    public List<string> Transfers { get; } = [];
    public List<string> Hashes { get; } = [];
    public List<string> Simulations { get; } = [];
    public List<string> BystanderIds { get; } = [];
    public string Key { get; set; } = "";
    public string UnknownKey { get; set; } = "";
}

/// <summary>A generated request, with what it would fund if it succeeded (for the books audit).</summary>
public sealed record FuzzRequest(FuzzOperation Operation, HttpRequestMessage Message, string Describe, (string Asset, string Amount)? Funds, bool UsesBystander);

/// <summary>Builds one hostile-but-plausible request for an operation, from a seeded <see cref="Random"/> (so a run is reproducible).</summary>
public sealed class FuzzRequestBuilder(Random random, FuzzWorld world)
{
    private int _huge;
    public int HugeBodiesLeft { get; set; } = 3;

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
    private bool Chance(double p) => random.NextDouble() < p;

    public FuzzRequest Build(FuzzOperation op)
    {
        var usesBystander = false;
        var path = op.Path;
        foreach (var (name, where) in op.Parameters.Where(p => p.In == "path"))
        {
            var (value, bystander) = PathValue(op.Path, name);
            usesBystander |= bystander;
            path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }
        var query = new List<string>();
        foreach (var (name, _) in op.Parameters.Where(p => p.In == "query"))
        {
            if (Chance(0.5))
            {
                query.Add(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(Pick(FuzzCorpus.QueryValues)));
            }
        }
        for (var i = random.Next(3); i > 0; i--)
        {
            query.Add(Uri.EscapeDataString(Pick(FuzzCorpus.QueryNames)) + "=" + Uri.EscapeDataString(Pick(FuzzCorpus.QueryValues)));
        }
        if (Chance(0.05))
        {
            query.Add("limit=1&limit=2"); // a repeated parameter
        }
        var url = path + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        var method = Chance(0.03) ? new HttpMethod(Pick(new[] { "GET", "POST", "PUT", "DELETE", "PATCH" })) : new HttpMethod(op.Method);
        var message = new HttpRequestMessage(method, url);

        // Authentication: mostly the fuzz developer's key, sometimes none, garbage, or well-formed but unknown.
        var auth = random.NextDouble();
        if (auth < 0.9)
        {
            message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + world.Key);
        }
        else if (auth < 0.94)
        {
            message.Headers.TryAddWithoutValidation("Authorization", Pick(new[] { "Bearer", "Bearer ", "Basic abc", "Bearer sk_test_", "Bearer ' OR 1=1 --", "bearer " + world.Key.ToUpperInvariant() }));
        }
        else if (auth < 0.97)
        {
            message.Headers.TryAddWithoutValidation("X-API-Key", world.UnknownKey);
        }
        if (Chance(0.3))
        {
            message.Headers.TryAddWithoutValidation("Idempotency-Key", Chance(0.5) ? Pick(FuzzCorpus.IdempotencyKeys) : $"fuzz-{random.Next(50)}");
        }

        (string, string)? funds = null;
        var describe = $"{method} {url}";
        if (op.HasBody || Chance(0.15))
        {
            var (bytes, text, fund, bystander) = Body(op);
            usesBystander |= bystander;
            funds = fund;
            var content = new ByteArrayContent(bytes);
            var contentType = Chance(0.9) ? "application/json" : Pick(FuzzCorpus.ContentTypes);
            if (contentType.Length > 0)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
            message.Content = content;
            describe += " " + (text.Length > 300 ? text[..300] + $"…({bytes.Length} bytes)" : text);
        }
        return new FuzzRequest(op, message, describe, funds, usesBystander);
    }

    private (string Value, bool Bystander) PathValue(string path, string name)
    {
        var roll = random.NextDouble();
        if (roll < 0.1 && world.BystanderIds.Count > 0)
        {
            return (Pick(world.BystanderIds), true);
        }
        if (roll < 0.65)
        {
            var pool = name switch
            {
                "hash" => world.Hashes,
                "from_country" or "to_country" => ["NG", "KE", "GH", "ZA"],
                _ when path.Contains("/transfers", StringComparison.Ordinal) => world.Transfers,
                _ when path.Contains("/simulations", StringComparison.Ordinal) => world.Simulations,
                _ when path.Contains("/accounts", StringComparison.Ordinal) => world.Accounts,
                _ => world.Accounts,
            };
            if (pool.Count > 0)
            {
                return (pool[random.Next(pool.Count)], false);
            }
        }
        // NUL in a path never reaches a server (Kestrel answers 400 itself; the test host refuses to send it).
        var hostile = Pick(FuzzCorpus.Strings).Replace("\0", "", StringComparison.Ordinal).Replace("%00", "%2500", StringComparison.Ordinal);
        return (Chance(0.8) ? Uri.EscapeDataString(hostile.Length > 2000 ? hostile[..2000] : hostile) : hostile.Replace("/", "%2F").Replace("?", "%3F").Replace("#", "%23"), false);
    }

    private (byte[] Bytes, string Text, (string, string)? Funds, bool Bystander) Body(FuzzOperation op)
    {
        var roll = random.NextDouble();
        if (roll < 0.12)
        {
            var raw = Pick(FuzzCorpus.RawBodies);
            return (Encoding.UTF8.GetBytes(raw), raw, null, false);
        }
        if (roll < 0.16)
        {
            var deep = FuzzCorpus.DeepNesting(Chance(0.5) ? 17 : 20_000, Chance(0.5));
            return (Encoding.UTF8.GetBytes(deep), deep, null, false);
        }
        if (roll < 0.19)
        {
            var bad = FuzzCorpus.InvalidUtf8(random);
            return (bad, "<invalid utf-8>", null, false);
        }
        if (roll < 0.20 && _huge < HugeBodiesLeft)
        {
            _huge++;
            return (FuzzCorpus.Huge(), "<10 MB body>", null, false);
        }
        return Object(op, mutate: roll < 0.75);
    }

    private (byte[], string, (string, string)?, bool) Object(FuzzOperation op, bool mutate)
    {
        var fields = new List<(string Name, string Json)>();
        var bystander = false;
        string? amount = null, asset = null;
        foreach (var (name, type) in op.BodyFields)
        {
            if (mutate && Chance(0.2))
            {
                continue; // missing
            }
            var (json, usedBystander, plain) = Value(name, type);
            bystander |= usedBystander;
            if (mutate && Chance(0.12))
            {
                json = Pick(new[] { "1", "-1", "1.5", "true", "null", "[]", "{}", "\"\"", "[\"x\"]", "{\"a\":\"b\"}", "1e308" });
                plain = null;
            }
            if (name == "amount")
            {
                amount = plain;
            }
            if (name == "asset_code")
            {
                asset = plain;
            }
            fields.Add((name, json));
        }
        if (mutate && Chance(0.12))
        {
            fields.Add((Pick(new[] { "unknown", "Amount", "amount ", "__proto__", "constructor", "id", "developer_id", "balance" }), JsonSerializer.Serialize(Pick(FuzzCorpus.Strings))));
        }
        if (mutate && Chance(0.06) && fields.Count > 0)
        {
            fields.Add(Pick(fields)); // a duplicate key
        }
        var text = "{" + string.Join(",", fields.Select(f => JsonSerializer.Serialize(f.Name) + ":" + f.Json)) + "}";
        var funds = op.Path.EndsWith("/sandbox/fund", StringComparison.Ordinal) && amount is not null && asset is not null ? (asset, amount) : ((string, string)?)null;
        return (Encoding.UTF8.GetBytes(text), text, funds, bystander);
    }

    /// <summary>A value for a field: plausible by its name most of the time, hostile otherwise. Returns JSON text and, for strings, the plain text.</summary>
    private (string Json, bool Bystander, string? Plain) Value(string name, string type)
    {
        string? s = null;
        var bystander = false;
        switch (name)
        {
            case "from_account" or "account_id":
                if (Chance(0.08) && world.BystanderIds.Count > 0)
                {
                    s = world.BystanderIds.First(id => id.StartsWith("acc_", StringComparison.Ordinal));
                    bystander = true;
                }
                else
                {
                    s = world.Accounts.Count > 0 && Chance(0.8) ? Pick(world.Accounts) : Pick(FuzzCorpus.Strings);
                }
                break;
            case "to_account":
                s = world.Accounts.Count > 0 && Chance(0.7) ? Pick(world.Accounts) : Pick(FuzzCorpus.Strings);
                break;
            case "amount":
                s = Chance(0.3) ? (random.Next(1, 500) / 10m).ToString(System.Globalization.CultureInfo.InvariantCulture) : Pick(FuzzCorpus.Amounts);
                break;
            case "asset_code":
                s = Chance(0.85) ? Pick(new[] { "XLM", "HBAR", "USDC" }) : Pick(FuzzCorpus.Strings);
                break;
            case "network":
                s = Chance(0.85) ? Pick(new[] { "stellar", "hedera" }) : Pick(FuzzCorpus.Strings);
                break;
            case "environment":
                s = Chance(0.85) ? "testnet" : Pick(FuzzCorpus.Strings);
                break;
            case "account_type":
                s = Chance(0.85) ? Pick(new[] { "user", "business" }) : Pick(FuzzCorpus.Strings);
                break;
            case "country_code" or "from_country" or "to_country":
                s = Chance(0.8) ? Pick(new[] { "NG", "KE", "GH", "ZA" }) : Pick(FuzzCorpus.Strings);
                break;
            case "email":
                s = Chance(0.7) ? $"fuzz{random.Next(1_000_000)}@example.com" : Pick(FuzzCorpus.Strings);
                break;
            case "metadata":
                return (Metadata(), false, null);
            case "permissions":
                return (Chance(0.7) ? "[\"transfers:read\",\"accounts:read\"]" : Pick(new[] { "[]", "[\"*\"]", "[1]", "\"x\"", "[" + string.Join(",", Enumerable.Repeat("\"accounts:read\"", 200)) + "]" }), false, null);
            case "accounts" or "transfers":
                return (Pick(new[] { "-1", "0", "1", "2", "3", "2147483648", "1.5", "\"2\"", "1e3" }), false, null);
        }
        if (s is null)
        {
            switch (type)
            {
                case "integer" or "number":
                    return (Pick(new[] { "-1", "0", "1", "2", "9223372036854775808", "1.5", "\"1\"" }), false, null);
                case "boolean":
                    return (Pick(new[] { "true", "false", "\"true\"", "1" }), false, null);
                case "array":
                    return (Pick(new[] { "[]", "[\"a\"]", "[1,2]", "[[[]]]" }), false, null);
                case "object":
                    return (Metadata(), false, null);
                default:
                    s = Pick(FuzzCorpus.Strings);
                    break;
            }
        }
        return (JsonSerializer.Serialize(s), bystander, s);
    }

    private string Metadata() => random.Next(7) switch
    {
        0 => "{}",
        1 => "{\"order\":\"o-1\",\"customer\":\"c-9\"}",
        2 => "{" + string.Join(",", Enumerable.Range(0, 60).Select(i => $"\"k{i}\":\"v\"")) + "}",
        3 => "{\"" + new string('k', 41) + "\":\"v\"}",
        4 => "{\"note\":\"" + new string('x', 600) + "\"}",
        5 => "{\"n\":1,\"o\":{\"deep\":true}}",
        _ => "{\"k\":\"a\",\"k\":\"b\"}",
    };
}
