namespace Rowell.Grains.Email;

public sealed class InMemoryEmailOutbox : IEmailOutbox
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (OutboxEmail Email, DateTimeOffset Next)> _rows = new(StringComparer.Ordinal);

    /// <summary>Queues an email for an event unless one is already queued for it (the fan-out's ON CONFLICT DO NOTHING).</summary>
    public bool TryAdd(OutboxEmail email, DateTimeOffset now)
    {
        lock (_gate)
        {
            return _rows.TryAdd(email.EventId, (email, now));
        }
    }

    public Task<IReadOnlyList<OutboxEmail>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<OutboxEmail> due = _rows.Values.Where(r => r.Email.Status == EmailStatuses.Pending && r.Next <= now)
                .OrderBy(r => r.Next).Take(limit).Select(r => r.Email).ToList();
            return Task.FromResult(due);
        }
    }

    public Task MarkAsync(string eventId, string status, string? recipient, string? error, DateTimeOffset? nextAttemptAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_rows.TryGetValue(eventId, out var row))
            {
                _rows[eventId] = (row.Email with { Status = status, Recipient = recipient ?? row.Email.Recipient, LastError = error, Attempts = row.Email.Attempts + 1 },
                    nextAttemptAt ?? row.Next);
            }
        }
        return Task.CompletedTask;
    }

    public Task<OutboxEmail?> GetAsync(string eventId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_rows.TryGetValue(eventId, out var row) ? row.Email : null);
        }
    }
}
