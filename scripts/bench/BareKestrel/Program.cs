// The ceiling for scripts/bench/read-path.sh: the same route shape and the same JSON bytes the real
// GET /api/v1/accounts/{id} returns, with nothing else (no auth, no limiter, no Orleans, no envelope code).
var body = await File.ReadAllBytesAsync(args.Length > 0 ? args[0] : throw new ArgumentException("usage: BareKestrel <response.json>"));
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/api/v1/accounts/{id}", (string id) => Results.Bytes(body, "application/json; charset=utf-8"));
app.Run();
