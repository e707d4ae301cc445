using Microsoft.Extensions.Logging;
using Rowell.Abstractions.Developers;
using Rowell.Abstractions.Events;
using Rowell.Grains.Hosting;
using Rowell.Grains.Webhooks;

namespace Rowell.Grains.Email;

/// <summary>
/// Sends the outbox: at least once, keyed by event id. A row is marked sent only after the SMTP server took
/// the message, so a crash in between sends it once more, with the same Message-Id (the event id) for the
/// receiving side to fold. Without SMTP_URL every row is recorded "skipped": notifications are never an
/// error an API caller sees. Failures back off (1, 5, 30 min, then hourly) and give up after 10 tries.
/// </summary>
public sealed class EmailOutboxGrain(
    IEmailOutbox outbox,
    RowellSettings settings,
    TimeProvider time,
    WebhookMetrics metrics,
    ILogger<EmailOutboxGrain> logger) : Grain, IEmailOutboxGrain
{
    private const int MaxAttempts = 10;
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)];
    private readonly SmtpMailer? _mailer = settings.Events.SmtpUrl is { } url ? new SmtpMailer(url, settings.Events.MailFrom) : null;

    public async Task Wake()
    {
        try
        {
            await Drain();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Email outbox drain failed; the relay wakes it again");
        }
    }

    public async Task<int> Drain()
    {
        var finished = 0;
        while (true)
        {
            var due = await outbox.DueAsync(time.GetUtcNow(), 50, CancellationToken.None);
            foreach (var row in due)
            {
                finished += await SendOneAsync(row) ? 1 : 0;
            }
            if (due.Count < 50)
            {
                return finished;
            }
        }
    }

    private async Task<bool> SendOneAsync(OutboxEmail row)
    {
        var now = time.GetUtcNow();
        if (_mailer is null)
        {
            await outbox.MarkAsync(row.EventId, EmailStatuses.Skipped, null, "SMTP_URL is not set", null, now, CancellationToken.None);
            metrics.Email(EmailStatuses.Skipped);
            return true;
        }
        var developer = await GrainFactory.GetGrain<IDeveloperGrain>(row.DeveloperId).Get();
        if (developer is null)
        {
            await outbox.MarkAsync(row.EventId, EmailStatuses.Skipped, null, "The developer no longer exists.", null, now, CancellationToken.None);
            metrics.Email(EmailStatuses.Skipped);
            return true;
        }
        var (subject, body) = EmailTemplates.Render(row.EventType, row.PayloadJson);
        try
        {
            await _mailer.SendAsync(new EmailMessage(developer.Email, subject, body, $"{row.EventId}@rowell"), CancellationToken.None);
            await outbox.MarkAsync(row.EventId, EmailStatuses.Sent, developer.Email, null, null, time.GetUtcNow(), CancellationToken.None);
            metrics.Email(EmailStatuses.Sent);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var attempt = row.Attempts + 1;
            var final = attempt >= MaxAttempts;
            logger.LogWarning(e, "Email for event {EventId} not sent (attempt {Attempt})", row.EventId, attempt);
            await outbox.MarkAsync(row.EventId, final ? EmailStatuses.Failed : EmailStatuses.Pending, developer.Email, e.Message,
                final ? null : time.GetUtcNow() + Backoff[Math.Min(attempt - 1, Backoff.Length - 1)], time.GetUtcNow(), CancellationToken.None);
            metrics.Email(final ? EmailStatuses.Failed : "retry");
            return final;
        }
    }
}
