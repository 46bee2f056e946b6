using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Panel.Email;

/// <summary>What one attempt came to. <paramref name="Permanent"/>: the server refused for good (a 5xx), no retry helps.</summary>
public sealed record SendAttempt(bool Sent, bool Permanent, string? Error);

/// <summary>Sends one email through the configured SMTP server with MailKit: a connection per attempt.</summary>
public sealed class SmtpSender(IOptions<SmtpOptions> options, IOptions<PanelOptions> panel)
{
    public MimeMessage Compose(OutgoingEmail email, string text, string html)
    {
        var o = options.Value;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.From!));
        message.To.Add(MailboxAddress.Parse(email.To));
        message.Subject = email.Subject;
        // Stable for the email's whole life: a retry or a replay is recognisably the same message.
        message.MessageId = $"{email.Id:N}@{Domain()}";
        message.Date = email.CreatedAt;
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Panel-Email", email.Id.ToString());
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return message;
    }

    private string Domain()
    {
        if (Uri.TryCreate(panel.Value.PublicUrl?.Trim(), UriKind.Absolute, out var url)) return url.IdnHost;
        var from = MailboxAddress.Parse(options.Value.From!).Address;
        return from.Contains('@') ? from[(from.LastIndexOf('@') + 1)..] : "panel.invalid";
    }

    public async Task<SendAttempt> SendAsync(MimeMessage message, CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Enabled) return new SendAttempt(false, false, "Email is off: Panel:Smtp:Host is not set.");
        using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(o.TimeoutSeconds).TotalMilliseconds };
        try
        {
            var security = o.Security switch
            {
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.None
            };
            await client.ConnectAsync(o.Host!, o.Port, security, ct);
            if (!string.IsNullOrEmpty(o.Username)) await client.AuthenticateAsync(o.Username, o.Password ?? "", ct);
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(true, ct);
            return new SendAttempt(true, false, null);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500 && e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted)
        {
            return new SendAttempt(false, true, $"The SMTP server refused it for good: {(int)e.StatusCode} {e.Message}");
        }
        catch (SmtpCommandException e)
        {
            return new SendAttempt(false, false, $"The SMTP server answered {(int)e.StatusCode}: {e.Message}");
        }
        catch (Exception e) when (e is SocketException or IOException or SmtpProtocolException or AuthenticationException
                                      or SslHandshakeException or ServiceNotConnectedException or TimeoutException
                                      || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return new SendAttempt(false, false, $"Could not send through {o.Host}:{o.Port}: {e.Message}");
        }
    }
}
