namespace Rowell.Grains.Email;

public static class EmailStatuses
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Skipped = "skipped";
    public const string Failed = "failed";
}

/// <summary>One notification to send: the event it is about (its id is the outbox key) and where it stands.</summary>
public sealed record OutboxEmail(string EventId, string DeveloperId, string EventType, string PayloadJson, string Status, int Attempts,
    string? Recipient, string? LastError, DateTimeOffset CreatedAt);

/// <summary>The durable email outbox (043): filled by the event fan-out, drained by <see cref="EmailOutboxGrain"/>.</summary>
public interface IEmailOutbox
{
    Task<IReadOnlyList<OutboxEmail>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Records the outcome of one send; a pending status with <paramref name="nextAttemptAt"/> schedules a retry.</summary>
    Task MarkAsync(string eventId, string status, string? recipient, string? error, DateTimeOffset? nextAttemptAt, DateTimeOffset now, CancellationToken cancellationToken);

    Task<OutboxEmail?> GetAsync(string eventId, CancellationToken cancellationToken);
}
