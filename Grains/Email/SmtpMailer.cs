using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Rowell.Grains.Email;

/// <summary>One notification, rendered.</summary>
public sealed record EmailMessage(string To, string Subject, string Body, string MessageId);

/// <summary>Sends through the server SMTP_URL names: smtp://host:port (STARTTLS when offered) or smtps://user:pass@host:465.</summary>
public sealed class SmtpMailer(string smtpUrl, string from)
{
    private readonly Uri _url = Parse(smtpUrl);

    public static Uri Parse(string smtpUrl)
    {
        if (!Uri.TryCreate(smtpUrl, UriKind.Absolute, out var url) || url.Scheme is not ("smtp" or "smtps") || string.IsNullOrEmpty(url.Host))
        {
            throw new InvalidOperationException("SMTP_URL must look like smtp://host:port or smtps://user:pass@host:465.");
        }
        return url;
    }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var mime = new MimeMessage { Subject = message.Subject, MessageId = message.MessageId };
        mime.From.Add(MailboxAddress.Parse(from));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Body = new TextPart("plain") { Text = message.Body };
        using var client = new SmtpClient { Timeout = 15_000 };
        var port = _url.IsDefaultPort || _url.Port <= 0 ? (_url.Scheme == "smtps" ? 465 : 25) : _url.Port;
        await client.ConnectAsync(_url.Host, port, _url.Scheme == "smtps" ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, cancellationToken);
        if (_url.UserInfo.Length > 0)
        {
            var parts = _url.UserInfo.Split(':', 2);
            await client.AuthenticateAsync(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "", cancellationToken);
        }
        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}
