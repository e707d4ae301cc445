// The webhook bench's stand-in for a customer's server (scripts/bench/webhooks.sh). It must not be what limits
// delivery, yet it must do the real work a receiver does: read the whole body and check its Standard Webhooks
// signature (HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.{body}", timestamp within 5 minutes).
//   Rowell.Bench.WebhookReceiver <port> <secret-file> <deliveries-out> <summary-out>
// The secret is only known once the bench has created the endpoint: it writes it to <secret-file>, and a
// delivery that arrives before the file exists is verified at shutdown instead. On SIGTERM it writes one line per
// delivery, "<arrival_unix> <created_unix> <event_id> <type>", and a summary: received, verified, bad
// signatures, duplicate webhook-ids.
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

if (args.Length != 4)
{
    throw new ArgumentException("usage: Rowell.Bench.WebhookReceiver <port> <secret-file> <deliveries-out> <summary-out>");
}
var (port, secretFile, deliveriesOut, summaryOut) = (int.Parse(args[0]), args[1], args[2], args[3]);
var records = new ConcurrentQueue<Received>();
byte[]? key = null;
var verifiedLive = 0L;
var badLive = 0L;

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port));
var app = builder.Build();
app.MapPost("/hook", async (HttpContext context) =>
{
    var body = await ReadBodyAsync(context.Request);
    var arrival = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
    var headers = context.Request.Headers;
    var r = new Received(arrival, headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(), headers["webhook-signature"].ToString(), body);
    key ??= LoadKey(secretFile);
    if (key is not null)
    {
        // Verified as it arrives, like a real receiver; a bad signature is answered 401 (Rowell then retries it).
        if (Verifies(r, key))
        {
            Interlocked.Increment(ref verifiedLive);
            r.Verified = true;
        }
        else
        {
            Interlocked.Increment(ref badLive);
            context.Response.StatusCode = 401;
            return;
        }
    }
    records.Enqueue(r);
    context.Response.StatusCode = 200;
    context.Response.ContentLength = 0;
});
await app.RunAsync();

// Shut down: verify what came before the secret was known, then write the log and the summary.
key ??= LoadKey(secretFile);
var seen = new HashSet<string>(StringComparer.Ordinal);
long late = 0, lateBad = 0, duplicates = 0, unparsed = 0;
await using (var output = new StreamWriter(deliveriesOut))
{
    foreach (var r in records)
    {
        if (!r.Verified)
        {
            if (key is not null && Verifies(r, key))
            {
                late++;
            }
            else
            {
                lateBad++;
                continue;
            }
        }
        if (!seen.Add(r.Id))
        {
            duplicates++;
        }
        if (Parse(r.Body) is not { } e)
        {
            unparsed++;
            continue;
        }
        await output.WriteLineAsync(FormattableString.Invariant($"{r.Arrival:F3} {e.Created:F3} {e.Id} {e.Type}"));
    }
}
await File.WriteAllTextAsync(summaryOut, FormattableString.Invariant(
    $"received {records.Count + badLive} verified {verifiedLive + late} bad_signature {badLive + lateBad} duplicates {duplicates} unparsed {unparsed}\n"));

static async Task<byte[]> ReadBodyAsync(HttpRequest request)
{
    using var buffer = new MemoryStream(request.ContentLength is { } n and < 1 << 20 ? (int)n : 4096);
    await request.Body.CopyToAsync(buffer);
    return buffer.ToArray();
}

static byte[]? LoadKey(string path)
{
    if (!File.Exists(path))
    {
        return null;
    }
    var secret = File.ReadAllText(path).Trim();
    return secret.Length == 0 ? null : Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);
}

static bool Verifies(Received r, byte[] key)
{
    if (!long.TryParse(r.Timestamp, out var ts) || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - ts) > 300)
    {
        return false;
    }
    var prefix = Encoding.UTF8.GetBytes($"{r.Id}.{r.Timestamp}.");
    var signed = new byte[prefix.Length + r.Body.Length];
    prefix.CopyTo(signed, 0);
    r.Body.CopyTo(signed, prefix.Length);
    var expected = HMACSHA256.HashData(key, signed);
    // Any listed v1 signature may match (a rotation lists two).
    foreach (var part in r.Signature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
    {
        if (part.StartsWith("v1,", StringComparison.Ordinal)
            && Convert.TryFromBase64String(part[3..], new byte[32], out var written) && written == 32
            && CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(part[3..]), expected))
        {
            return true;
        }
    }
    return false;
}

static (double Created, string Id, string Type)? Parse(byte[] body)
{
    try
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        return (root.GetProperty("created_at").GetDateTimeOffset().ToUnixTimeMilliseconds() / 1000.0,
            root.GetProperty("id").GetString()!, root.GetProperty("type").GetString()!);
    }
    catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
    {
        return null;
    }
}

sealed record Received(double Arrival, string Id, string Timestamp, string Signature, byte[] Body)
{
    public bool Verified { get; set; }
}
