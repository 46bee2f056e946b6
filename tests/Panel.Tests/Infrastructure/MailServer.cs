using System.Buffers;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Panel.Tests.Infrastructure;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 and a fixed free port, keeping every message it
/// accepts, parsed with MimeKit. It can be stopped and started again on the same port: an outage of the
/// mail server, seen by the service as refused connections.
/// </summary>
public sealed class MailServer : IAsyncDisposable
{
    private readonly List<MimeMessage> _messages = [];
    private SmtpServer.SmtpServer? _server;
    private Task? _running;

    public int Port { get; } = ServiceProcess.FreePort();

    public IReadOnlyList<MimeMessage> Messages
    {
        get { lock (_messages) return _messages.ToList(); }
    }

    /// <summary>The settings that point the service at this server.</summary>
    public Dictionary<string, string> Settings(string separator = ":") => new()
    {
        [$"Panel{separator}Smtp{separator}Host"] = "127.0.0.1",
        [$"Panel{separator}Smtp{separator}Port"] = Port.ToString(),
        [$"Panel{separator}Smtp{separator}Security"] = "None",
        [$"Panel{separator}Smtp{separator}From"] = "Panel <panel@example.org>",
        [$"Panel{separator}PublicUrl"] = "https://panel.example.org"
    };

    public static async Task<MailServer> StartAsync()
    {
        var server = new MailServer();
        await server.StartAgainAsync();
        return server;
    }

    public async Task StartAgainAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(CancellationToken.None);
        // Listening once a connection is accepted.
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(20);
            }
        }
        throw new InvalidOperationException($"The SMTP server did not listen on port {Port}.");
    }

    /// <summary>Stops listening: connections are refused until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_server is null) return;
        _server.Shutdown();
        await _server.ShutdownTask;
        if (_running is not null) await _running;
        _server = null;
    }

    public async Task<IReadOnlyList<MimeMessage>> WaitFor(Func<IReadOnlyList<MimeMessage>, bool> done, string what, double seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var got = Messages;
            if (done(got)) return got;
            if (DateTime.UtcNow > until)
                Assert.Fail($"Waited {seconds} s for {what}; the mail server got {got.Count}: {string.Join("; ", got.Select(m => $"{m.To} {m.Subject}"))}");
            await Task.Delay(50);
        }
    }

    /// <summary>The first link in a message's text part that starts with <paramref name="prefix"/>.</summary>
    public static string Link(MimeMessage message, string prefix = "https://panel.example.org/")
    {
        var text = message.TextBody ?? "";
        var start = text.IndexOf(prefix, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no link to {prefix} in: {text}");
        var end = text.IndexOfAny([' ', '\n', '\r'], start);
        return text[start..(end < 0 ? text.Length : end)];
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class Store(MailServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            lock (owner._messages) owner._messages.Add(message);
            return SmtpResponse.Ok;
        }
    }
}
