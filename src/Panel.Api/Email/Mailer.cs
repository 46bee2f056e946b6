using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Panel.Email.Sending;
using Wolverine;

namespace Panel.Email;

/// <summary>
/// Queues an email in the caller's transaction: the stored email and the message that sends it go through
/// Wolverine's outbox with the change that caused them, so an email exists if and only if its change
/// committed, and a restart between the commit and the send loses nothing (the durable queue resumes it).
/// </summary>
public sealed class Mailer(IOptions<SmtpOptions> options, IDataProtectionProvider protection)
{
    public const string BodyPurpose = "Panel.Email.Body.v1";

    private sealed record Body(string Text, string Html);

    public bool Enabled => options.Value.Enabled;

    public async Task<OutgoingEmail> QueueAsync(IDocumentSession session, IMessageBus bus, EmailDraft draft, DateTimeOffset at)
    {
        if (!Enabled) throw new InvalidOperationException("Email is off (Panel:Smtp:Host is not set); the caller must refuse first.");
        var body = protection.CreateProtector(BodyPurpose).Protect(JsonSerializer.Serialize(new Body(draft.Text, draft.Html)));
        var email = new OutgoingEmail(Guid.CreateVersion7(), draft.Kind, draft.UserId, draft.To, draft.Subject, body, at,
            EmailStatus.Pending, 0, 1, at, null, null, null);
        session.Store(email);
        await bus.PublishAsync(new SendEmail(email.Id, email.Round));
        return email;
    }

    /// <summary>The text and HTML parts; null when the key that protected them is gone.</summary>
    public (string Text, string Html)? Read(OutgoingEmail email)
    {
        try
        {
            var body = JsonSerializer.Deserialize<Body>(protection.CreateProtector(BodyPurpose).Unprotect(email.ProtectedBody));
            return body is null ? null : (body.Text, body.Html);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
