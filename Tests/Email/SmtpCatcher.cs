using System.Buffers;
using System.Collections.Concurrent;
using MimeKit;
using Rowell.Tests.Infrastructure;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Rowell.Tests.Email;

/// <summary>A real SMTP server in process on loopback, keeping every message it accepts.</summary>
public sealed class SmtpCatcher : IAsyncDisposable
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

    private readonly Store _store = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public SmtpCatcher()
    {
        Port = FreePort.Next();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        var server = new SmtpServer.SmtpServer(new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b => b.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, Port))).Build(), services);
        _running = server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    public string Url => $"smtp://127.0.0.1:{Port}";

    public IReadOnlyList<MimeMessage> Messages => _store.Messages.ToList();

    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(Func<MimeMessage, bool> match, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!_store.Messages.Any(match) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        return Messages.Where(match).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _running.ContinueWith(_ => { });
        _stop.Dispose();
    }
}
