using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Rowell.Abstractions.Events;
using Rowell.Grains.Email;
using Rowell.Tests.Infrastructure;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Rowell.Tests.Email;

/// <summary>Email notifications through MailKit to a real (in-process) SMTP server, from the durable outbox.</summary>
public sealed class EmailNotificationTests
{
    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }

    [Fact]
    public async Task A_new_api_key_is_mailed_once_to_the_developer()
    {
        var port = FreePort.Next();
        var store = new Store();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        var server = new SmtpServer.SmtpServer(new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(b => b.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port))).Build(), services);
        using var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);
        await using var factory = new ApiFactory(TestSettings.Embedded(), new Dictionary<string, string>
        {
            ["SMTP_URL"] = $"smtp://127.0.0.1:{port}",
            ["ROWELL_EVENT_POLL_MS"] = "50",
        });
        try
        {
            var (client, developerId, _) = await factory.NewDeveloperAsync();
            var email = (await Http.ReadAsync(await client.GetAsync("/api/v1/developers/me"), 200)).GetProperty("data").GetProperty("email").GetString()!;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!store.Messages.Any(m => m.To.ToString().Contains(email)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            var mail = Assert.Single(store.Messages, m => m.To.ToString().Contains(email));
            Assert.Contains("API key", mail.Subject);
            Assert.Contains("Default test key", mail.TextBody);
            var messageId = mail.MessageId ?? "";
            Assert.EndsWith("@rowell", messageId);
            var eventId = messageId.Split('@')[0];
            Assert.StartsWith("evt_", eventId);

            var outbox = factory.Services.GetRequiredService<IEmailOutbox>();
            var row = await outbox.GetAsync(eventId, CancellationToken.None);
            Assert.Equal(EmailStatuses.Sent, row!.Status);
            Assert.Equal(email, row.Recipient);
            Assert.Equal(developerId, row.DeveloperId);

            // Draining again (a repeat wake-up, a second relay) sends nothing more: the outbox is keyed by event id.
            await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IEmailOutboxGrain>(0).Drain();
            await Task.Delay(500);
            Assert.Single(store.Messages, m => m.To.ToString().Contains(email));
        }
        finally
        {
            stop.Cancel();
            await running.ContinueWith(_ => { });
        }
    }

    [Fact]
    public async Task Without_smtp_the_outbox_records_skipped_and_the_caller_sees_success()
    {
        await using var factory = new ApiFactory(TestSettings.Embedded(), new Dictionary<string, string> { ["ROWELL_EVENT_POLL_MS"] = "50" });
        var (client, developerId, _) = await factory.NewDeveloperAsync();
        var created = (await Http.ReadAsync(await client.PostAsync("/api/v1/developers/me/api-keys",
            ApiFactory.Json(new { name = "ci", mode = "test", permissions = new[] { "accounts:read" } })), 201)).GetProperty("data");
        var keyEvent = (await Http.ReadAsync(await client.GetAsync("/api/v1/events?type=api_key.created&limit=100"), 200)).GetProperty("data").GetProperty("items")
            .EnumerateArray().Single(e => e.GetProperty("data").GetProperty("object").GetProperty("id").GetString() == created.GetProperty("id").GetString());
        var outbox = factory.Services.GetRequiredService<IEmailOutbox>();
        OutboxEmail? row = null;
        for (var i = 0; i < 100 && row?.Status != EmailStatuses.Skipped; i++)
        {
            await Task.Delay(100);
            row = await outbox.GetAsync(keyEvent.GetProperty("id").GetString()!, CancellationToken.None);
        }
        Assert.Equal(EmailStatuses.Skipped, row?.Status);
        Assert.Equal(developerId, row!.DeveloperId);
        Assert.Equal(JsonNull, keyEvent.GetProperty("data").GetProperty("object").GetProperty("secret").ValueKind);
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;
}
